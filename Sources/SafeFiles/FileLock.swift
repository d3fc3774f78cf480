#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file of a folder (a fit folder's `.lock`), held until
/// released or the process ends (the kernel drops it even after SIGKILL). The holder
/// writes its process id into the file, so a second process can say who trains.
public final class FileLock {
    private var descriptor: Int32

    /// Why a lock could not be taken.
    public enum Failure: Error, Equatable {
        /// Another process holds it (its id when it wrote one).
        case held(by: Int32?)
        case system(FolderError)
    }

    /// Takes the lock on `name` in `folder` (made when missing, never through a link),
    /// or fails at once when another process holds it.
    public init(_ name: String, in folder: Folder) throws {
        descriptor = openat(folder.descriptor, name, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if folder.kind(of: name) == .link { throw Failure.system(.link(folder.join(name))) }
            throw Failure.system(FolderError(path: folder.join(name), errno: errno, operation: .lock))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = FileLock.writtenProcess(descriptor)
            close(descriptor)
            descriptor = -1
            throw Failure.held(by: holder)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The process holding the lock on `name` in `folder`, if one does: 0 when it is held
    /// by a process that wrote no id; nil when it is free or missing.
    public static func holder(of name: String, in folder: Folder) -> Int32? {
        let descriptor = openat(folder.descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return writtenProcess(descriptor) ?? 0
    }

    private static func writtenProcess(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 24)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count].prefix { (48...57).contains($0) }, as: UTF8.self))
    }

    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
