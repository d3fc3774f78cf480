import SafeFiles
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and crash-safe writes of checkpoints and histories, through
/// `SafeFiles` (a temporary file flushed to disk, then renamed into place; no link
/// below the folder followed), with failures as `CheckpointError`s that keep the
/// system's reason.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to place: FilePlace) throws {
        do {
            try place.write(bytes)
        } catch let error as FolderError {
            throw CheckpointError(path: place.path, cause: error)
        }
    }

    static func read(_ place: FilePlace) throws -> [UInt8] {
        do {
            guard let bytes = try place.read() else { throw CheckpointError(path: place.path, problem: "cannot open: no such file") }
            return bytes
        } catch let error as FolderError {
            throw CheckpointError(path: place.path, cause: error)
        }
    }

    /// The place of a path the user gave (its folder made first when `create`).
    static func place(_ path: String, create: Bool) throws -> FilePlace {
        do {
            return try FilePlace(path: path, create: create)
        } catch let error as FolderError {
            // The folder could not be opened: the message names the file, and says so.
            throw CheckpointError(path: path, problem: error.operation == .open && error.errno == ENOENT
                                  ? "its folder does not exist" : "its folder \(error.path) \(error.message)")
        }
    }
}
