import Foundation
import XCTest

/// Runs the built `lesson` program (`.build/debug/lesson` beside this package, found
/// from this file's path) in a folder, with piped standard input and output.
struct ProgramRun {
    var status: Int32
    var output: String
    var errors: String
}

/// Bytes read on another thread; the DispatchGroup orders the write before the read.
private final class Collected: @unchecked Sendable {
    var data = Data()
}

enum Program {
    /// The package's root: three folders up from Tests/EndToEndTests/ProgramRunner.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The program next to the test bundle (`swift build` puts both in .build/<config>/,
    /// or the folder `--scratch-path` names). On Linux the bundle of a test run is the
    /// folder that holds the `.xctest` file, on macOS the `.xctest` bundle itself.
    static var executable: URL? {
        let bundle = Bundle(for: Marker.self).bundleURL
        let candidates = [bundle.appendingPathComponent("lesson"), bundle.deletingLastPathComponent().appendingPathComponent("lesson"),
                          packageRoot.appendingPathComponent(".build/debug/lesson")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private final class Marker {}

    /// The program, or an error that fails the test (a missing program is no reason to skip).
    static func requireExecutable() throws -> URL {
        guard let executable else {
            throw TerminalSessionError(description: "the lesson program is not built; run `swift build` first")
        }
        return executable
    }

    /// The program set up to run `arguments` in `folder` with NO_COLOR and `environment`
    /// added to this process' environment, and its output and errors piped; not started.
    /// With `memoryLimit` (KiB), it runs under `ulimit -v`: an allocation past it fails,
    /// which aborts a Swift program, so a test sees a status of 134 instead of its own.
    static func process(_ arguments: [String], in folder: String, environment: [String: String] = [:],
                        memoryLimit: Int? = nil) throws -> (process: Process, output: Pipe, errors: Pipe) {
        let process = Process()
        let executable = try requireExecutable()
        if let memoryLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(memoryLimit) && exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        return (process, output, errors)
    }

    /// Runs the program to its end; one still running after `timeout` is killed and the test fails.
    static func run(_ arguments: [String], in folder: String, input: String = "",
                    environment: [String: String] = [:], timeout: TimeInterval = 300, memoryLimit: Int? = nil) throws -> ProgramRun {
        let (process, stdout, stderr) = try Self.process(arguments, in: folder, environment: environment, memoryLimit: memoryLimit)
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        let pid = process.processIdentifier
        let killer = SignalOnce()
        let atDeadline = DispatchWorkItem { killer.send(SIGKILL, to: pid) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: atDeadline)
        defer { atDeadline.cancel() }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the program.
        let errorData = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.data = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let run = ProgramRun(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                             errors: String(decoding: errorData.data, as: UTF8.self))
        guard !killer.wasSent else {
            throw TerminalSessionError(description: "\(arguments) did not finish within \(Int(timeout)) s and was killed; "
                                       + "output:\n\(run.output)\nerrors:\n\(run.errors)")
        }
        return run
    }

    /// A fresh folder with `Lessons/` holding copies of the named test lessons.
    static func sandbox(_ lessons: [String]) throws -> String {
        let folder = NSTemporaryDirectory() + "lesson-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/Lessons", withIntermediateDirectories: true)
        for name in lessons {
            let source = packageRoot.appendingPathComponent("Tests/EndToEndTests/Lessons/\(name)")
            try FileManager.default.copyItem(atPath: source.path, toPath: folder + "/Lessons/\(name)")
        }
        return folder
    }
}

/// Whether the signal was sent, shared by the reading loop and the deadline's timer.
private final class SignalOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var sent = false
    /// Sends `signal` to `pid` unless it was sent before; true when this call sent it.
    @discardableResult
    func send(_ signal: Int32, to pid: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !sent else { return false }
        sent = true
        kill(pid, signal)
        return true
    }

    var wasSent: Bool {
        lock.lock()
        defer { lock.unlock() }
        return sent
    }
}

extension Program {
    /// Starts the program, waits until its standard output contains `marker`, sends
    /// `signal` (SIGINT, as Ctrl-C, unless told), and collects the rest. At `timeout`
    /// the signal is sent whether or not the marker came (a silent program cannot hang
    /// the test), and 30 s later the program is killed; then the test fails, since the
    /// marker it waited for never appeared.
    static func interrupt(_ arguments: [String], in folder: String, after marker: String,
                          timeout: TimeInterval = 60, signal: Int32 = SIGINT) throws -> ProgramRun {
        let (process, stdout, stderr) = try Self.process(arguments, in: folder)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let once = SignalOnce()
        let atDeadline = DispatchWorkItem { once.send(signal, to: pid) }
        let kill9 = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: atDeadline)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout + 30, execute: kill9)
        var output = Data()
        var markerSeen = false
        while true {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
            if !markerSeen, String(decoding: output, as: UTF8.self).contains(marker) {
                markerSeen = true
                once.send(signal, to: pid)
            }
        }
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        atDeadline.cancel()
        kill9.cancel()
        let run = ProgramRun(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                             errors: String(decoding: errors, as: UTF8.self))
        guard markerSeen else {
            throw TerminalSessionError(description: "\(arguments): '\(marker)' did not appear within \(Int(timeout)) s; "
                                       + "output:\n\(run.output)\nerrors:\n\(run.errors)")
        }
        return run
    }
}

extension Program {
    /// Copies `relativePath` (a file or a folder) of the package into `folder` at the same relative path.
    static func copy(_ relativePath: String, into folder: String) throws {
        let source = packageRoot.appendingPathComponent(relativePath).path
        let target = folder + "/" + relativePath
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: target)
    }
}
