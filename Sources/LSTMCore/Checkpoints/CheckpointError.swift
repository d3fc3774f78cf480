/// A checkpoint (safetensors) file that cannot be read or written: which file, and what
/// is wrong with it, in a sentence that says what to do where there is something to do.
///
///     result/01-sine-wave/best.safetensors: truncated: the header says 2048 bytes but only 100 follow
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or, for bytes not yet on disk, a name for them).
    public let path: String
    /// What is wrong, without the path.
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
