import SafeFiles

/// A checkpoint (safetensors) file that cannot be read or written: which file, and what
/// is wrong with it, in a sentence that says what to do where there is something to do.
///
///     result/01-sine-wave/best.safetensors: truncated: the header says 2048 bytes but only 100 follow
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or, for bytes not yet on disk, a name for them).
    public let path: String
    /// What is wrong, without the path.
    public let problem: String

    /// The file-system failure behind it, when there is one (a full disk, a link where
    /// the file should be), so a caller can tell a damaged file from a failing disk.
    public let cause: FolderError?

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
        cause = nil
    }

    public init(path: String, cause: FolderError) {
        self.path = path
        problem = cause.message
        self.cause = cause
    }

    public var description: String { "\(path): \(problem)" }
}
