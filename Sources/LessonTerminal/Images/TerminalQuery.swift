import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal questions through `/dev/tty` and collects its answers. The
/// terminal answers on its input, as if typed, so for the short while of asking the
/// terminal is put in raw mode (no echo: the answer must not show; no line
/// buffering: it has no newline), and put back as it was afterwards. An answer that
/// comes too late would reach the next prompt as typed text, so after the timeout
/// the answers are waited for a little longer and what is still pending is thrown away.
enum TerminalQuery {
    /// Writes `question`, then reads until `isComplete` says the answers are all there
    /// or `timeout` passes; nil when there is no terminal to ask.
    static func ask(_ question: String, timeout: Duration = .milliseconds(200),
                    until isComplete: ([UInt8]) -> Bool) -> [UInt8]? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var raw = saved
        cfmakeraw(&raw)
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(descriptor, TCSANOW, &saved) }

        let bytes = Array(question.utf8)
        guard bytes.withUnsafeBufferPointer({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else { return nil }
        var answers = read(descriptor, into: [], for: timeout, until: isComplete)
        if !isComplete(answers) {
            // Late answers (a slow link, an ssh session): give them a moment, then drop the rest.
            answers = read(descriptor, into: answers, for: .milliseconds(300), until: isComplete)
            tcflush(descriptor, TCIFLUSH)
        }
        return answers
    }

    private static func read(_ descriptor: Int32, into start: [UInt8], for duration: Duration,
                             until isComplete: ([UInt8]) -> Bool) -> [UInt8] {
        var answers = start
        let deadline = ContinuousClock.now + duration
        var chunk = [UInt8](repeating: 0, count: 1024)
        while !isComplete(answers) {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            let milliseconds = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = chunk.withUnsafeMutableBufferPointer { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            answers += chunk[..<count]
        }
        return answers
    }
}
