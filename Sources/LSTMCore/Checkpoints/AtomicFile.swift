#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and crash-safe writes with POSIX calls, so that errors carry the
/// system's reason (`strerror`) and the path.
enum AtomicFile {
    /// Writes `bytes` to `path` atomically: a new temporary file beside it
    /// (`.<name>.tmp-<random>`), every byte written and `fsync`ed, then `rename`d over
    /// `path`; the folder is `fsync`ed too so the rename itself survives a power loss.
    /// On failure the temporary file is removed and `path` is untouched.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let (folder, name) = split(path)
        let temporary = "\(folder)/.\(name).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CheckpointError(path: path, problem: "cannot create a temporary file in \(folder): \(reason())")
        }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(descriptor) }
            if !renamed { unlink(temporary) }
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw CheckpointError(path: path, problem: "cannot write: \(reason())")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            throw CheckpointError(path: path, problem: "cannot flush to disk: \(reason())")
        }
        closed = true
        guard close(descriptor) == 0 else {
            throw CheckpointError(path: path, problem: "cannot close: \(reason())")
        }
        guard rename(temporary, path) == 0 else {
            throw CheckpointError(path: path, problem: "cannot replace the file: \(reason())")
        }
        renamed = true
        // Best effort: some file systems refuse fsync on a folder, and the data is safe already.
        let folderDescriptor = open(folder, O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// The whole file at `path`.
    static func readWhole(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CheckpointError(path: path, problem: "cannot open: \(reason())")
        }
        defer { close(descriptor) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw CheckpointError(path: path, problem: "cannot read: \(reason())")
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Folder and file name of a path; a bare name lives in ".".
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
