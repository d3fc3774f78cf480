#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a call on a `Folder` failed, in words a user can act on: the path as messages
/// show it, what was being done, and the system's reason (`strerror`), never
/// Foundation's wording.
public struct FolderError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Operation: String, Sendable {
        case open, makeFolder = "create the folder", read, write, list, move, remove, lock, name
    }

    public var path: String
    public var errno: Int32
    public var operation: Operation
    /// What was found instead of a regular file, for a read that met one.
    public var kind: EntryKind?
    /// A file too large to read, and the limit.
    public var size: Int64?
    public var limit: Int?
    /// The path is a symbolic link, which lesson never follows inside a folder it owns.
    public var isLink = false

    public init(path: String, errno: Int32, operation: Operation, kind: EntryKind? = nil, size: Int64? = nil, limit: Int? = nil) {
        self.path = path
        self.errno = errno
        self.operation = operation
        self.kind = kind
        self.size = size
        self.limit = limit
    }

    /// `path` is a symbolic link met inside a folder held by descriptor.
    public static func link(_ path: String) -> FolderError {
        var error = FolderError(path: path, errno: ELOOP, operation: .open)
        error.isLink = true
        return error
    }

    /// A file stands where a folder must be (`result` is a file, so `result/x` cannot be made).
    public var isFileInTheWay: Bool {
        (operation == .open && errno == ENOTDIR) || (operation == .makeFolder && (errno == ENOTDIR || errno == EEXIST))
    }

    /// `result/x/store/cells is a symbolic link` or `cannot write result/x/a.png: no space left on device`.
    public var description: String {
        let words = message
        return words.hasPrefix("cannot ") ? "cannot \(operation.rawValue) \(path): \(reason)" : "\(path) \(words)"
    }

    /// What went wrong, for a message that names the path before it (`path: message`):
    /// `cannot write: no space left on device`, `is a symbolic link`.
    public var message: String {
        switch (isLink, kind, operation, size) {
        case (true, _, _, _), (_, .some, _, _), (_, _, _, .some), (_, _, .name, _): return reason
        case (_, _, .open, _) where errno == ENOTDIR || errno == ENOENT: return reason
        case (_, _, .makeFolder, _) where errno == ENOTDIR || errno == EEXIST: return reason
        default: return "cannot \(operation.rawValue): \(reason)"
        }
    }

    /// What is wrong, without the path: `is a symbolic link`, `no space left on device`.
    public var reason: String {
        if isLink { return "is a symbolic link" }
        if let kind {
            let what = kind == .folder ? "a folder" : kind == .link ? "a symbolic link" : "not a regular file (a device, FIFO or socket)"
            return "is \(what), not a file"
        }
        if let size, let limit { return "is \(size) bytes, more than the \(limit) bytes lesson reads" }
        switch operation {
        case .name: return "is not a name inside its folder"
        case _ where isFileInTheWay: return "is a file, not a folder"
        case .open where errno == ENOENT: return "does not exist"
        default:
            let words = String(cString: strerror(errno))
            return words.prefix(1).lowercased() + words.dropFirst()
        }
    }
}
