import Foundation
import LessonEngine
import LessonTerminal
import Synchronization

/// The program's one interrupt flag, set by SIGINT (Ctrl-C) and SIGTERM.
let programInterrupt = Interrupt()

/// The signal that last asked the program to stop, for a stop that cannot wait:
/// the program then exits with 128 + this signal (130 for SIGINT, 143 for SIGTERM).
let stopSignal = Atomic<Int32>(0)


/// Written from the handler with write(2) (no allocation in a signal handler).
private let stoppingNotice: [UInt8] = Array("\nStopping after this batch or step; Ctrl-C again quits at once.\n".utf8)

/// Installs the handler of SIGINT and SIGTERM. The first signal asks the running cell
/// to stop at its next safe point (a fit after its current batch, keeping the best
/// checkpoint and last.safetensors; a forecast at its next step); a second one exits
/// at once with 128 + the signal. SA_RESTART keeps reads and writes from failing
/// with EINTR; the prompt reader waits in poll(2), which a signal always interrupts.
func installInterruptHandler() -> Interrupt {
    // Initialise the globals before a signal can arrive (lazy initialisation is not
    // safe in a signal handler).
    _ = stoppingNotice.count
    stopSignal.store(0, ordering: .sequentiallyConsistent)
    waitingAtPrompt.store(false, ordering: .sequentiallyConsistent)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { signal in
        stopSignal.store(signal, ordering: .sequentiallyConsistent)
        if programInterrupt.request() > 0 { _exit(128 + signal) }
        guard !waitingAtPrompt.load(ordering: .sequentiallyConsistent) else { return }
        stoppingNotice.withUnsafeBufferPointer { buffer in
            _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count)
        }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
    sigaction(SIGTERM, &action, nil)
    return programInterrupt
}
