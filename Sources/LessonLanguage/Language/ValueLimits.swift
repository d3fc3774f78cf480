/// How large the values of the cell language may grow (README, "Limits").
///
/// A lesson is a program anyone may have written, and forty lines that each double a
/// string or a list ask for a terabyte: without a cap the allocation fails and the
/// process aborts, in `check`, `list` and bare `lesson` as much as in `run`. The
/// interpreter computes the size of a result from its operands *before* it builds it
/// and refuses one past a limit with a lesson error at the expression (exit 65).
///
/// Sizes are counted as `ValueSize` counts them: as the value would be printed, keyed
/// or kept, so a list holding the same list twice counts it twice.
///
/// Values that steps bind (a forecast's `predictions`, `truth`, also when it is read
/// back from the store) are not counted in `lessonBytes`: their own limits bound them
/// (`forecast(steps:)`, the series' length). A cell's expression that builds on them
/// is counted like any other.
public struct ValueLimits: Equatable, Sendable {
    /// Longest string, in UTF-8 bytes. File names, labels and messages need a few
    /// hundred; 1 MiB leaves room for any text a lesson means to hold.
    public var stringBytes: Int
    /// Most items in one list or tuple: as many as the longest series a lesson may
    /// make (`Vocabulary.maximumSeries`), 10^7.
    public var listItems: Int
    /// Deepest nesting of lists and tuples. Nobody writes a list nested past a few
    /// levels; a hundred thousand levels, one a line, overflow the stack of every
    /// recursive walk over the value (printing it, comparing it, keying it).
    public var nesting: Int
    /// Most bytes the values the lesson's assignments bind may hold together (the
    /// running total over every name bound, plus what the statement being evaluated
    /// holds): 512 MiB, far above any lesson's constants and within what a laptop
    /// spares beside a fit.
    public var lessonBytes: Int

    public init(stringBytes: Int, listItems: Int, nesting: Int, lessonBytes: Int) {
        self.stringBytes = stringBytes
        self.listItems = listItems
        self.nesting = nesting
        self.lessonBytes = lessonBytes
    }

    /// The limits every command applies.
    public static let standard = ValueLimits(stringBytes: 1 << 20, listItems: 10_000_000, nesting: 100, lessonBytes: 512 << 20)

    /// What a message about a limit suggests instead.
    public static let advice = "keep large data in a CSV file and read it with series(csv:)"
}
