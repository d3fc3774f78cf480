import LessonLanguage
/// A cell as `lesson list` shows it.
public struct CellState: Equatable, Sendable {
    public enum Status: Equatable, Sendable {
        case fresh
        case stale(String)
        case neverRun
        /// Its last run with this key failed: the reason.
        case failed(String)
    }

    public var index: Int
    public var kind: StepKind
    public var name: String?
    /// File line of the cell's opening fence.
    public var line: Int
    public var status: Status
    /// The kept one-line summary of its last run.
    public var lastResult: String?
    /// The cell's key (docs/store.md "Keys").
    public var key = ""
}
