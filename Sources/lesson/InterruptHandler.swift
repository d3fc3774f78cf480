import Foundation
import LessonEngine

/// The program's one interrupt flag, set by SIGINT.
let programInterrupt = Interrupt()

/// "Stopping after this batch" on the first Ctrl-C, written from the handler with
/// write(2) (no allocation in a signal handler).
private let stoppingNotice: [UInt8] = Array("\nStopping after this batch; Ctrl-C again quits at once.\n".utf8)

/// Installs the SIGINT handler: the first Ctrl-C asks the running fit to stop after
/// its current batch (keeping the best checkpoint and last.safetensors); a second one
/// exits at once with 130.
func installInterruptHandler() -> Interrupt {
    _ = stoppingNotice.count  // initialise the global before a signal can arrive
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
        if programInterrupt.request() > 0 { _exit(130) }
        stoppingNotice.withUnsafeBufferPointer { buffer in
            _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count)
        }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    return programInterrupt
}
