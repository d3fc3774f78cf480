import LessonLanguage
/// The series a data cell made: its columns in the data's own units, what the windows
/// are cut from (after `difference:` and `scale:`), and what a forecast after them is
/// measured against.
struct SeriesData {
    /// Column names: the CSV's (`column:` or `columns:`), or the function's name.
    var columns: [String]
    /// `[columns][count]`: the values before the holdout, in the data's own units.
    var raw: [[Double]]
    /// `series(f, count:)`: the function, so the truth after the series is f(count + k).
    var function: Value?
    /// `[columns][holdout]`: `series(csv:, holdout:)`'s held-out values after the series.
    var holdout: [[Double]]
    /// The columns the model predicts (`target:`, default all), in its output order.
    var predicted: [Int]
    var transform: SeriesTransform
    /// `f` or `tide.csv column "level"`, for messages.
    var source: String

    /// Values before the holdout, in the data's own units.
    var count: Int { raw.first?.count ?? 0 }

    /// `[columns][count − d]`: what the windows are cut from.
    var transformed: [[Double]] { raw.indices.map { transform.forward(raw[$0], column: $0) } }

    /// Whether windows of this series are the seed's: one column, predicted.
    var isUnivariate: Bool { columns.count == 1 }

    /// The columns the model reads but does not predict.
    var knownColumns: [Int] { columns.indices.filter { !predicted.contains($0) } }
}
