/// A value that `--set NAME=VALUE` put in place of a different one a cell's assignment
/// computed: what the run reports (`N_HIDDEN = 16 (--set; the lesson says 300)`) and
/// what `lesson step` marks beside the cell's line (`→ 16 (--set)`). An override equal
/// to what the cell computes (`--set seed=0` where the lesson says 0) replaces nothing.
public struct OverrideReplacement: Equatable, Sendable {
    public var name: String
    /// The value `--set` gave.
    public var value: Value
    /// The value the cell's own expression gave; `unknown` while checking when only a
    /// run knows it (it draws from `rand()`).
    public var lessonValue: Value
    /// The line of the lesson file where the assignment starts.
    public var line: Int

    /// The line a run reports when the cell runs.
    public var report: String {
        let lesson = lessonValue == .unknown ? "" : "; the lesson says " + ValueFormatter.excerpt(lessonValue)
        return "\(name) = \(ValueFormatter.representation(value)) (--set\(lesson))"
    }

    /// The mark beside the assignment's line in a cell listing.
    public var marker: String { "→ \(ValueFormatter.representation(value)) (--set)" }
}
