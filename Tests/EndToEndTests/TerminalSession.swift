import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why the program could not be run or misbehaved on a terminal; thrown, so the test
/// fails (it never skips).
struct TerminalSessionError: Error, CustomStringConvertible {
    var description: String
}

/// The built `lesson` program on a pseudo-terminal from openpty(3), as a person runs
/// it: its standard input, output and errors are the terminal, and it leads a session
/// whose controlling terminal that is, so a typed Ctrl-C (byte 3) reaches it as SIGINT
/// through the terminal's line discipline. The test types into the other side and
/// reads what the program shows, raw: `\r\n` line ends, escape codes and all.
///
/// Every wait has a deadline; past it the program is killed and the wait throws.
final class TerminalSession {
    let pid: pid_t
    let columns: Int
    private let master: Int32
    /// Everything the program showed (and the terminal echoed) so far.
    private(set) var output = Data()
    /// Where the next `waitFor` starts looking, so that text shown earlier does not count.
    private var searchStart = 0
    private var closed = false
    private var status: Int32?

    /// glibc's POSIX_SPAWN_SETSID, which Swift's Glibc module does not export.
    private static let spawnSetsid: Int32 = 0x80

    /// Starts `lesson arguments` in `folder` on a `columns`×`rows` terminal, with this
    /// process' environment less NO_COLOR, COLUMNS and LINES, plus `environment`.
    init(_ arguments: [String], in folder: String, columns: Int = 80, rows: Int = 24,
         environment: [String: String] = [:]) throws {
        let executable = try Program.requireExecutable()
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0, let name = ttyname(slave) else {
            throw TerminalSessionError(description: "openpty failed: \(String(cString: strerror(errno)))")
        }
        let terminalPath = String(cString: name)
        defer { close(slave) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addclose(&actions, slave)
        // posix_spawn calls setsid before the file actions, so opening the terminal
        // (without O_NOCTTY) makes it the new session's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, terminalPath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | TerminalSession.spawnSetsid))

        var variables = ProcessInfo.processInfo.environment
        for name in ["NO_COLOR", "COLUMNS", "LINES"] { variables[name] = nil }
        variables["TERM"] = "xterm-256color"
        for (key, value) in environment { variables[key] = value }
        // The shell only changes to the folder, then becomes the program (same process).
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", folder, executable.path] + arguments
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments + cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArguments, cEnvironment)
        guard result == 0 else {
            close(master)
            throw TerminalSessionError(description: "posix_spawn failed: \(String(cString: strerror(result)))")
        }
        self.pid = pid
        self.master = master
        self.columns = columns
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
        }
        close(master)
    }

    /// What the program showed, as text.
    var text: String { String(decoding: output, as: UTF8.self) }

    /// Types `keys` (`"\u{3}"` is Ctrl-C).
    func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// Sends `signal` (SIGTERM, say) to the program.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Reads until the program shows `text` (after what earlier waits matched).
    func waitFor(_ text: String, seconds: Double = 60) throws {
        let wanted = Data(text.utf8)
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let found = output.range(of: wanted, in: searchStart..<output.count) {
                searchStart = found.upperBound
                return
            }
            if closed { throw failure("ended without showing \(String(reflecting: text))") }
            guard Date() < deadline else {
                stop()
                throw failure("did not show \(String(reflecting: text)) within \(seconds) s; killed it")
            }
            readAvailable(upTo: deadline)
        }
    }

    /// Reads to the end and returns the exit status (128 + the signal when a signal
    /// ended it); past `seconds` the program is killed and this throws: it hung.
    func waitForExit(seconds: Double = 60) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if closed { usleep(20_000) } else { readAvailable(upTo: deadline) }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                // What it wrote just before exiting is still in the terminal.
                while !closed && Date() < deadline { readAvailable(upTo: deadline) }
                let signal = raw & 0x7f
                let code = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
                status = code
                return code
            }
            guard Date() < deadline else {
                stop()
                throw failure("still running after \(seconds) s; killed it")
            }
        }
    }

    /// Reads what is there, waiting at most 100 ms (and never past `deadline`).
    private func readAvailable(upTo deadline: Date) {
        let milliseconds = Int32(max(0, min(100, deadline.timeIntervalSinceNow * 1000)))
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = read(master, &chunk, chunk.count)
        if count > 0 {
            output.append(contentsOf: chunk[..<count])
        } else if count == 0 || errno != EINTR {
            // EIO: every descriptor of the program's side is closed.
            closed = true
        }
    }

    private func stop() {
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        waitpid(pid, &raw, 0)
        status = 137
    }

    private func failure(_ what: String) -> TerminalSessionError {
        TerminalSessionError(description: "lesson \(what). It showed:\n" + text)
    }
}
