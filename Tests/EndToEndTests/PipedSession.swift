import Foundation
import XCTest

/// The built `lesson` program with its output and errors piped and read while it
/// runs, so a test can wait for a line, act (edit a file, send a signal), and wait for
/// the next. Every wait has a deadline; past it the program is killed and the wait
/// throws with what the program wrote so far.
final class PipedSession: @unchecked Sendable {
    let process: Process
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()
    /// Where the next `waitFor` starts looking, so text shown earlier does not count.
    private var searchStart = 0
    private let readers = DispatchGroup()

    init(_ arguments: [String], in folder: String) throws {
        let (process, stdout, stderr) = try Program.process(arguments, in: folder)
        self.process = process
        process.standardInput = FileHandle.nullDevice
        try process.run()
        read(stdout.fileHandleForReading, into: \.output)
        read(stderr.fileHandleForReading, into: \.errors)
    }

    /// Reads `handle` to its end on another thread.
    private func read(_ handle: FileHandle, into buffer: ReferenceWritableKeyPath<PipedSession, Data>) {
        readers.enter()
        DispatchQueue.global().async { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { self[keyPath: buffer].append(chunk) }
            }
            readers.leave()
        }
    }

    /// Everything written to standard output so far.
    var text: String { lock.withLock { String(decoding: output, as: UTF8.self) } }
    var errorText: String { lock.withLock { String(decoding: errors, as: UTF8.self) } }

    /// Waits until the output after the previous wait's match contains `expected`;
    /// returns the output from there up to the end of this match.
    @discardableResult
    func waitFor(_ expected: String, seconds: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let found: String? = lock.withLock {
                let text = String(decoding: output, as: UTF8.self)
                let start = text.utf8.index(text.startIndex, offsetBy: min(searchStart, text.utf8.count))
                guard let range = text.range(of: expected, range: start..<text.endIndex) else { return nil }
                searchStart = text.utf8.distance(from: text.startIndex, to: range.upperBound)
                return String(text[start..<range.upperBound])
            }
            if let found { return found }
            guard Date() < deadline else { throw failure("\(expected) did not show within \(seconds) s") }
            usleep(20_000)
        }
    }

    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// The exit status once the program ended and its pipes are read.
    func waitForExit(seconds: Double = 60) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else { throw failure("the program did not end within \(seconds) s") }
            usleep(20_000)
        }
        _ = readers.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    /// Kills the program (a test that gives up must not leave it running).
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private func failure(_ what: String) -> TerminalSessionError {
        stop()
        return TerminalSessionError(description: "\(what); output:\n\(text)\nerrors:\n\(errorText)")
    }
}
