#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder held open by its descriptor, and everything below it reached from that
/// descriptor alone: each name is walked one component at a time with `openat` and
/// `O_NOFOLLOW`, and files are created, renamed and removed with `openat`, `mkdirat`,
/// `renameat` and `unlinkat`. So a symbolic link planted anywhere below the folder (or
/// swapped in while a run goes on) is never followed: the call that meets it fails
/// with `FolderError.link`, naming it. Only the folder's own path, which the user gave,
/// is followed, once, when it is opened (a user may link `result/` to a bigger disk).
///
/// Names below a folder are relative, `/`-separated, without `.`, `..` or empty
/// components (`fits/as-written-1a2b3c4d/history.csv`).
public final class Folder: @unchecked Sendable {
    /// How messages name the folder: the user's path for an opened folder
    /// (`result/01-sine-wave`), with the names walked below it for a subfolder.
    public let path: String
    /// The open descriptor (`O_DIRECTORY`), closed when the folder is released.
    public let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Opens the folder at `path` (relative to the current folder, or absolute), links
    /// in the path followed; with `create`, makes it and any missing parent first.
    /// Throws `FolderError` when it is missing (without `create`), not a folder, or
    /// cannot be made.
    public static func open(_ path: String, create: Bool = false) throws -> Folder {
        let shown = path.isEmpty ? "." : path
        if create { try makeFolders(shown) }
        let descriptor = Glibc.open(shown, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FolderError(path: shown, errno: errno, operation: .open) }
        return Folder(path: shown, descriptor: descriptor)
    }

    /// The folder's path with every link resolved (`/mnt/big/result/01-sine-wave`), as
    /// the system finds it now.
    public var resolvedPath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let link = "/proc/self/fd/\(descriptor)"
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count > 0 else { return path }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The subfolder `name` (several components allowed), never through a link; made,
    /// with its parents, when `create`. Nil when it is missing and not to be made.
    public func folder(_ name: String, create: Bool = false) throws -> Folder? {
        let parts = try Folder.components(of: name, below: path)
        if parts.isEmpty { return try reopen() }
        var current = self
        for part in parts {
            guard let next = try current.child(part, create: create) else { return nil }
            current = next
        }
        return current
    }

    /// The subfolder `name`, made when missing: for writes.
    public func makeFolder(_ name: String) throws -> Folder {
        guard let folder = try folder(name, create: true) else {
            throw FolderError(path: join(name), errno: ENOENT, operation: .makeFolder)
        }
        return folder
    }

    /// `path/name`, as messages show a name below this folder.
    public func join(_ name: String) -> String {
        name.isEmpty ? path : (path.hasSuffix("/") ? path + name : path + "/" + name)
    }

    /// Whether `other` is this very folder (same device and inode), as when a path was
    /// swapped for another folder or a link after this one was opened.
    public func isSame(as other: Folder) -> Bool {
        var mine = Glibc.stat(), theirs = Glibc.stat()
        guard fstat(descriptor, &mine) == 0, fstat(other.descriptor, &theirs) == 0 else { return false }
        return mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino
    }

    /// A second descriptor of this folder, so a caller may keep it past this object.
    func reopen() throws -> Folder {
        let copy = openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0 else { throw FolderError(path: path, errno: errno, operation: .open) }
        return Folder(path: path, descriptor: copy)
    }

    /// The folder `part` directly below this one.
    private func child(_ part: String, create: Bool) throws -> Folder? {
        let shown = join(part)
        for attempt in 0..<2 {
            let opened = openat(descriptor, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if opened >= 0 { return Folder(path: shown, descriptor: opened) }
            let failure = errno
            if failure == ENOENT {
                guard create, attempt == 0 else { return nil }
                if mkdirat(descriptor, part, 0o755) != 0 && errno != EEXIST {
                    throw FolderError(path: shown, errno: errno, operation: .makeFolder)
                }
                continue
            }
            // ELOOP for a link, ENOTDIR for a file (or, on some systems, a link) in the way.
            if kind(of: part) == .link { throw FolderError.link(shown) }
            throw FolderError(path: shown, errno: failure, operation: .open)
        }
        return nil
    }

    /// Splits a relative name into its components; absolute names, `.`, `..` and empty
    /// components are refused (a caller's bug or a hostile name, never followed).
    static func components(of name: String, below folder: String) throws -> [String] {
        if name.isEmpty { return [] }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !name.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw FolderError(path: folder + "/" + name, errno: EINVAL, operation: .name)
        }
        return parts
    }

    /// `mkdir -p` for a path the user gave (links in it followed, as the user meant). A
    /// file in the way is named itself (`result is a file, not a folder`).
    private static func makeFolders(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        var parent = ""
        for part in path.split(separator: "/") {
            prefix += String(part)
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw FolderError(path: errno == ENOTDIR ? parent : prefix, errno: errno, operation: .makeFolder)
            }
            parent = prefix
            prefix += "/"
        }
    }
}
