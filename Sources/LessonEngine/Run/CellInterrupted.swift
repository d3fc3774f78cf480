import LessonLanguage
/// Ctrl-C (or SIGTERM) stopped a cell outside a fit's training: before one of its
/// step calls, or inside a forecast. The cell's new results were not kept (its state
/// and files are those of its last finished run); exit status 1, like an interrupted fit.
public struct CellInterrupted: Interruption, CustomStringConvertible {
    public var lesson: String
    public var cell: Int
    public var kind: StepKind
    /// The step call that was stopped or was about to start (`forecast`).
    public var step: String

    init(_ call: StepCall, lesson: String) {
        self.lesson = lesson
        cell = call.cellIndex
        kind = call.step
        step = call.name
    }

    public var description: String {
        "Interrupted in cell \(cell) (\(kind.rawValue)) at \(step)(...); its new results were not kept. "
            + "Run it again with: lesson run \(lesson) --cell \(cell)"
    }
}
