#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a name in a folder is, as `lstat` sees it (a link is a link, never its target).
public enum EntryKind: Equatable, Sendable {
    case file, folder, link, other
}

/// One name in a folder, as listed.
public struct FolderEntry: Equatable, Sendable {
    public var name: String
    public var kind: EntryKind
    /// Bytes of a file (0 for anything else).
    public var size: Int64
}

extension Folder {
    /// What `name` is, without following a link at its end or anywhere before it; nil
    /// when nothing is there (or a folder on the way is missing).
    public func kind(of name: String) -> EntryKind? {
        stat(of: name).map(\.kind)
    }

    /// The kind and size in bytes of `name`, links not followed; nil when nothing is there.
    public func stat(of name: String) -> (kind: EntryKind, size: Int64)? {
        guard let pair = try? parentAndName(name, create: false), let parent = pair.0 else { return nil }
        let last = pair.1
        var info = Glibc.stat()
        guard fstatat(parent.descriptor, last, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return (Folder.kind(info.st_mode), Int64(info.st_size))
    }

    static func kind(_ mode: mode_t) -> EntryKind {
        switch mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// The names in the subfolder `name` ("" for this one), sorted, with their kinds;
    /// empty when it does not exist.
    public func entries(_ name: String = "") throws -> [FolderEntry] {
        guard let folder = try folder(name) else { return [] }
        let copy = dup(folder.descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw FolderError(path: folder.path, errno: errno, operation: .list)
        }
        defer { closedir(stream) }
        var entries: [FolderEntry] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var info = Glibc.stat()
            guard fstatat(folder.descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let kind = Folder.kind(info.st_mode)
            entries.append(FolderEntry(name: name, kind: kind, size: kind == .file ? Int64(info.st_size) : 0))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// The bytes of the file `name`; nil when it is missing. A link, a folder or any
    /// other non-regular file is refused (`FolderError`), as is a file over `limit` bytes,
    /// before anything is read.
    public func read(_ name: String, limit: Int = Int.max) throws -> [UInt8]? {
        guard let (descriptor, size) = try openRegularFile(name) else { return nil }
        defer { close(descriptor) }
        guard size <= Int64(limit) else {
            throw FolderError(path: join(name), errno: EFBIG, operation: .read, size: size, limit: limit)
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var done = 0
        while true {
            if done == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 65_536)) }
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                Glibc.read(descriptor, buffer.baseAddress! + done, buffer.count - done)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FolderError(path: join(name), errno: errno, operation: .read)
            }
            if count == 0 { break }
            done += count
            guard done <= limit else {
                throw FolderError(path: join(name), errno: EFBIG, operation: .read, size: Int64(done), limit: limit)
            }
        }
        bytes.removeSubrange(done...)
        return bytes
    }

    /// The first `count` bytes of the file `name` (fewer when it is shorter) and its size;
    /// nil when it is missing. Refuses a link or a non-regular file, as `read` does.
    public func readPrefix(_ name: String, count: Int) throws -> (bytes: [UInt8], size: Int64)? {
        guard let (descriptor, size) = try openRegularFile(name) else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: max(0, min(count, Int(size))))
        var done = 0
        while done < bytes.count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw FolderError(path: join(name), errno: errno, operation: .read)
            }
            if got == 0 { break }
            done += got
        }
        bytes.removeSubrange(done...)
        return (bytes, size)
    }

    /// The file `name` opened for reading, never through a link, and its size; nil when
    /// it is missing. `O_NONBLOCK` so a FIFO cannot hang the open; anything but a regular
    /// file is refused before a byte is read. The caller closes the descriptor.
    private func openRegularFile(_ name: String) throws -> (descriptor: Int32, size: Int64)? {
        let (found, last) = try parentAndName(name, create: false)
        guard let parent = found else { return nil }
        let descriptor = openat(parent.descriptor, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            if parent.kind(of: last) == .link { throw FolderError.link(join(name)) }
            throw FolderError(path: join(name), errno: errno, operation: .read)
        }
        var info = Glibc.stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = errno
            close(descriptor)
            throw FolderError(path: join(name), errno: failure, operation: .read)
        }
        guard Folder.kind(info.st_mode) == .file else {
            close(descriptor)
            throw FolderError(path: join(name), errno: 0, operation: .read, kind: Folder.kind(info.st_mode))
        }
        return (descriptor, Int64(info.st_size))
    }

    /// Replaces the file `name` (its folders made as needed) with `bytes`, atomically:
    /// see `write(_:writer:)`.
    public func write(_ bytes: [UInt8], to name: String) throws {
        try write(name) { descriptor in
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { buffer in Glibc.write(descriptor, buffer.baseAddress! + written, bytes.count - written) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw FolderError(path: join(name), errno: errno, operation: .write)
                }
                written += count
            }
        }
    }

    /// Replaces the file `name` atomically with what `writer` writes to the descriptor
    /// it is given: a new temporary file beside it (`TemporaryName`, created with
    /// `O_EXCL | O_NOFOLLOW`), flushed to disk, then renamed over `name`, and the folder
    /// flushed so the rename survives a power cut. On any failure the temporary file is
    /// removed and `name` is as it was. A link at `name` is refused, not replaced.
    public func write(_ name: String, writer: (Int32) throws -> Void) throws {
        let (found, last) = try parentAndName(name, create: true)
        guard let parent = found else { throw FolderError(path: join(name), errno: ENOENT, operation: .write) }
        if parent.kind(of: last) == .link { throw FolderError.link(join(name)) }
        let temporary = TemporaryName.make(for: last)
        let descriptor = openat(parent.descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FolderError(path: join(name), errno: errno, operation: .write) }
        var open = true
        var renamed = false
        defer {
            if open { close(descriptor) }
            if !renamed { unlinkat(parent.descriptor, temporary, 0) }
        }
        try writer(descriptor)
        guard fsync(descriptor) == 0 else { throw FolderError(path: join(name), errno: errno, operation: .write) }
        open = false
        guard close(descriptor) == 0 else { throw FolderError(path: join(name), errno: errno, operation: .write) }
        try TestPoint.reached(.beforeRename, in: self, name: name)
        guard renameat(parent.descriptor, temporary, parent.descriptor, last) == 0 else {
            throw FolderError(path: join(name), errno: errno, operation: .write)
        }
        renamed = true
        // Best effort: some file systems refuse fsync on a folder, and the data is safe already.
        _ = fsync(parent.descriptor)
    }

    /// Moves `name` to `target` in `folder` (default: this one), both without following
    /// links; folders for the target are made.
    public func move(_ name: String, to target: String, in folder: Folder? = nil) throws {
        let (source, last) = try parentAndName(name, create: false)
        guard let from = source else { throw FolderError(path: join(name), errno: ENOENT, operation: .move) }
        let destination = folder ?? self
        let (made, targetLast) = try destination.parentAndName(target, create: true)
        guard let to = made else { throw FolderError(path: destination.join(target), errno: ENOENT, operation: .move) }
        guard renameat(from.descriptor, last, to.descriptor, targetLast) == 0 else {
            throw FolderError(path: join(name), errno: errno, operation: .move)
        }
    }

    /// Removes the file, link or empty folder `name` (a link itself, never its target).
    public func remove(_ name: String) throws {
        let (found, last) = try parentAndName(name, create: false)
        guard let parent = found else { return }
        let isFolder = parent.kind(of: last) == .folder
        guard unlinkat(parent.descriptor, last, isFolder ? AT_REMOVEDIR : 0) == 0 || errno == ENOENT else {
            throw FolderError(path: join(name), errno: errno, operation: .remove)
        }
    }

    /// Removes `name` and, when it is a folder, everything below it, walking down by
    /// descriptor: a link met on the way is removed itself, never followed. Returns the
    /// bytes of the files removed.
    @discardableResult
    public func removeTree(_ name: String) throws -> Int64 {
        guard let kind = kind(of: name) else { return 0 }
        var bytes: Int64 = 0
        if kind == .folder, let below = try folder(name) {
            for entry in try below.entries() {
                bytes += entry.kind == .folder ? try below.removeTree(entry.name) : entry.size
                if entry.kind != .folder { try below.remove(entry.name) }
            }
        }
        try remove(name)
        return bytes
    }

    /// The folder holding `name` and `name`'s last component; the folder is nil when it
    /// is missing (and not to be made).
    func parentAndName(_ name: String, create: Bool) throws -> (Folder?, String) {
        var parts = try Folder.components(of: name, below: path)
        guard let last = parts.popLast() else { throw FolderError(path: path, errno: EINVAL, operation: .name) }
        let parent = parts.isEmpty ? self : try folder(parts.joined(separator: "/"), create: create)
        return (parent, last)
    }
}
