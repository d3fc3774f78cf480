import LessonLanguage
import LSTMCore

/// What `forecast(steps:)` asks of the model and the series: the predicted columns, the
/// horizon H each model call answers (its outputs ÷ the predicted columns), and the
/// known columns' values after the series, read from the holdout.
struct ForecastPlan {
    /// Indices of the predicted columns in the series, in the model's output order.
    var predicted: [Int]
    /// Their names in `forecast.csv` and the bindings; empty for a one-column series,
    /// whose forecast keeps the seed's `step,truth,prediction`.
    var names: [String]
    var horizon: Int

    init(model: Sequential, series: SeriesData, steps: Int, call: StepCall) throws {
        let F = series.columns.count, k = series.predicted.count, T = model.architecture.timesteps
        guard model.architecture.features == F else {
            throw call.error(StepRules.featureMismatch(features: String(model.architecture.features), columns: F))
        }
        guard model.outputUnits % k == 0 else {
            throw call.error("the model outputs \(model.outputUnits) values a window, which is not a whole number of steps of "
                             + "the \(k) predicted columns; end it with dense(units: H × \(k)) for a horizon of H steps")
        }
        let rows = series.count - series.transform.lag
        guard rows >= T else {
            throw call.error("the series has \(rows) values\(series.transform.lag > 0 ? " after differencing" : ""); "
                             + "the model's windows need \(T)")
        }
        predicted = series.predicted
        names = F == 1 ? [] : series.predicted.map { series.columns[$0] }
        horizon = model.outputUnits / k
    }

    /// `[steps, F]`: the known columns of the rows after the series as the model sees them
    /// (differenced and scaled like the windows); the predicted columns are left 0.
    func knownRows(_ series: SeriesData, steps: Int, call: StepCall) throws -> [Float] {
        let F = series.columns.count
        var rows = [Float](repeating: 0, count: steps * F)
        for c in series.knownColumns {
            let holdout = series.holdout[c]
            guard holdout.count >= steps else {
                throw call.error("'\(series.columns[c])' is a known input, not a target, so the forecast reads its next \(steps) "
                                 + "values from the holdout, which holds \(holdout.count); raise holdout: to at least \(steps), "
                                 + "forecast fewer steps, or add '\(series.columns[c])' to target:")
            }
            let z = series.transform.forward(series.raw[c] + holdout, column: c, from: series.count)
            for j in 0..<steps { rows[j * F + c] = Float(z[j]) }
        }
        return rows
    }

    /// `[k][steps]` → `[steps, k]` flattened, step-major.
    static func interleaved(_ columns: [[Double]]) -> [Double] {
        guard let steps = columns.first?.count else { return [] }
        var values: [Double] = []
        values.reserveCapacity(steps * columns.count)
        for j in 0..<steps { for column in columns { values.append(j < column.count ? column[j] : .nan) } }
        return values
    }

    /// What a forecast binds for each predicted column of several: `rmse_a`, `mae_a`,
    /// `predictions_a`, `truth_a`.
    static let columnBindings = ["rmse_", "mae_", "predictions_", "truth_"]

    /// A column's name as it ends a bound name (`rmse_a`): letters, digits and `_` kept,
    /// anything else `_`.
    static func bindingSuffix(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }
}
