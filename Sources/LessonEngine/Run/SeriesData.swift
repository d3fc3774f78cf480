/// The series a data cell made: the values windows are cut from, and what a forecast
/// after them is measured against.
struct SeriesData {
    var values: [Double]
    /// `series(f, count:)`: the function, so the truth after the series is f(count + k).
    var function: Value?
    /// `series(csv:, holdout:)`: the held-out values after the series.
    var holdout: [Double]
    /// `f` or `tide.csv column "level"`, for messages.
    var source: String
}
