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

    /// The program next to the test bundle (`swift build` puts both in .build/<config>/).
    static var executable: URL? {
        let beside = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent().appendingPathComponent("lesson")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let debug = packageRoot.appendingPathComponent(".build/debug/lesson")
        return FileManager.default.isExecutableFile(atPath: debug.path) ? debug : nil
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
    static func process(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws
        -> (process: Process, output: Pipe, errors: Pipe) {
        let process = Process()
        process.executableURL = try requireExecutable()
        process.arguments = arguments
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

    static func run(_ arguments: [String], in folder: String, input: String = "",
                    environment: [String: String] = [:]) throws -> ProgramRun {
        let (process, stdout, stderr) = try Self.process(arguments, in: folder, environment: environment)
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
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
        return ProgramRun(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                          errors: String(decoding: errorData.data, as: UTF8.self))
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

extension Program {
    /// Starts the program, waits until its standard output contains `marker`, sends
    /// `signal` (SIGINT, as Ctrl-C, unless told), and collects the rest.
    static func interrupt(_ arguments: [String], in folder: String, after marker: String,
                          timeout: TimeInterval = 60, signal: Int32 = SIGINT) throws -> ProgramRun {
        let (process, stdout, stderr) = try Self.process(arguments, in: folder)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var output = Data()
        let deadline = Date().addingTimeInterval(timeout)
        var sent = false
        while true {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
            if !sent, String(decoding: output, as: UTF8.self).contains(marker) || Date() > deadline {
                kill(process.processIdentifier, signal)
                sent = true
            }
        }
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProgramRun(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                          errors: String(decoding: errors, as: UTF8.self))
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
