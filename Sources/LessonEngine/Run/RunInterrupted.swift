import LessonLanguage
/// Ctrl-C stopped a run: during a fit, after a batch (the best checkpoint and
/// `last.safetensors`, the last finished epoch, are kept), or between cells. Exit code 1.
public struct RunInterrupted: Interruption, CustomStringConvertible {
    public var lesson: String
    /// Last finished epoch (0 when none finished).
    public var epoch: Int
    public var kept: String?
    /// Set when the interruption came between cells, before this one.
    public var beforeCell: Int? = nil
    /// The command that continues the run, shell-quoted, as the program was invoked.
    public var resume: String
    /// The fit cell that was stopped (nil when the interruption came between cells).
    public var fitCell: Int? = nil

    public var description: String {
        if let beforeCell { return "Interrupted before cell \(beforeCell); nothing was lost." }
        let what = epoch == 0 ? "Interrupted before the first epoch ended" : "Interrupted after epoch \(epoch)"
        let kept = self.kept.map { "; the best checkpoint is kept (\($0))" } ?? ""
        return "\(what)\(kept). Continue with: \(resume)"
    }
}
