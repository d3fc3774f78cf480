import LessonLanguage
import SafeFiles

/// The lock on a fit folder while it trains (`.lock`, an `flock` that holds the
/// trainer's process id), so two `lesson` processes never train into one folder and
/// `lesson clean` leaves a training fit alone. The kernel drops it when the process
/// ends, even after SIGKILL.
final class FitLock {
    static let fileName = ".lock"
    private let lock: FileLock

    /// Takes the lock in the fit's open `folder`, or fails at once (75) when another
    /// process holds it. `shown` names the fit in messages.
    init(folder: Folder, shown: String, store: ResultStore) throws {
        do {
            lock = try FileLock(FitLock.fileName, in: folder)
        } catch FileLock.Failure.held(let holder) {
            throw LessonError("fit \(shown) is training in \(FitLock.process(holder)); wait for it or stop it", file: shown,
                              line: 0, column: 0, kind: .busy)
        } catch FileLock.Failure.system(let error) {
            throw store.failure(error)
        }
    }

    /// The process training in `folder` now, if one is (0: one that wrote no id).
    static func holder(of folder: Folder) -> Int32? { FileLock.holder(of: fileName, in: folder) }

    /// `process 1234`, or `another process` when it wrote no id.
    static func process(_ pid: Int32?) -> String {
        guard let pid, pid > 0 else { return "another process" }
        return "process \(pid)"
    }

    func release() { lock.release() }
}
