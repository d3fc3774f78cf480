import LessonEngine
import Foundation
import Synchronization

/// True while `lesson step` shows its prompt and waits for the answer. Nothing runs
/// then, so the handler writes no notice: the prompt reader returns and the stepper
/// quits. Set as the prompt is written, cleared by `PromptReader` when it returns.
public let waitingAtPrompt = Atomic<Bool>(false)

/// Reads `lesson step`'s answers from standard input, a line at a time, with poll(2)
/// and read(2) rather than stdio. A signal always interrupts poll (SA_RESTART or
/// not), so Ctrl-C at the prompt ends the wait: the reader returns nil and the
/// stepper, seeing the interrupt flag, quits. (stdio's readLine kept the stream's
/// error flag after EINTR and retried forever.)
public final class PromptReader {
    private let interrupt: Interrupt
    /// Bytes read but not yet returned: the rest of a piped chunk.
    private var pending: [UInt8] = []
    private var ended = false

    /// How long one poll waits before the interrupt flag is looked at again: a signal
    /// that lands on another thread does not interrupt this thread's poll.
    private static let pollMilliseconds: Int32 = 200

    public init(interrupt: Interrupt) {
        self.interrupt = interrupt
    }

    /// The next line without its line ending; nil at the end of input or once the
    /// interrupt flag is set.
    public func readLine() -> String? {
        defer { waitingAtPrompt.store(false, ordering: .sequentiallyConsistent) }
        while !interrupt.isRequested {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[..<newline]
                pending.removeSubrange(...newline)
                return PromptReader.text(line)
            }
            if ended {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return PromptReader.text(pending[...])
            }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, PromptReader.pollMilliseconds)
            // Timed out, or a signal: look at the flag again.
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            guard ready > 0 else { ended = true; continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(STDIN_FILENO, &chunk, chunk.count)
            if count > 0 {
                pending += chunk[..<count]
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                ended = true
            }
        }
        return nil
    }

    /// A line's bytes as text, without the `\r` a Windows line ending leaves.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let line = String(decoding: bytes, as: UTF8.self)
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
}
