import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a fit folder while it trains, so two `lesson` processes never
/// train into one folder. Held until released or the process ends (the kernel drops
/// it even after SIGKILL).
final class FitLock {
    private var descriptor: Int32

    /// Takes the lock on `folder/.lock`, or fails at once when another process holds it.
    init(folder: String) throws {
        let path = folder + "/.lock"
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LessonError("cannot open \(path): \(String(cString: strerror(errno)))", file: path, line: 0, column: 0, kind: .io)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            descriptor = -1
            throw LessonError("another lesson process is training this fit now (\(folder) is locked); wait for it to end, "
                              + "or run another configuration", file: folder, line: 0, column: 0, kind: .usage)
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
