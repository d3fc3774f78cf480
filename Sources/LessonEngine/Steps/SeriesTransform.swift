/// `series(..., difference: d, scale: "standard")`: what the windows see instead of the
/// data's own values, and the way back. Differencing comes first, then scaling:
///
///     y[i] = x[i] − x[i − d]              for i ≥ d   (the first d values have no y)
///     z[i] = (y[i] − mean) / std           mean, std of the column's y before the holdout
///
/// std is the population deviation (numpy's default, scikit-learn's `StandardScaler`);
/// a constant column gets std 1. The model learns and forecasts z; forecasts, plots
/// and metrics undo both steps, so they are in the data's own units.
struct SeriesTransform: Equatable {
    /// d: 0 for none, 1 for step-to-step changes, 12 for monthly data's yearly changes.
    var lag: Int
    /// Per column: (mean, std) of the differenced training values, or nil without scaling.
    var scales: [(mean: Double, std: Double)]?

    static let none = SeriesTransform(lag: 0, scales: nil)

    static func == (a: SeriesTransform, b: SeriesTransform) -> Bool {
        a.lag == b.lag && a.scales?.map(\.mean) == b.scales?.map(\.mean) && a.scales?.map(\.std) == b.scales?.map(\.std)
    }

    /// Fitted on the training columns `raw[c]` (`scale` with their differences' moments).
    init(lag: Int, scale: Bool, raw: [[Double]]) {
        self.lag = lag
        scales = scale ? raw.map { column in SeriesTransform.moments(SeriesTransform.differenced(column, lag: lag)) } : nil
    }

    init(lag: Int, scales: [(mean: Double, std: Double)]?) {
        self.lag = lag
        self.scales = scales
    }

    /// y[i] = x[i] − x[i − d] for i in d ..< n (x itself for d = 0).
    static func differenced(_ x: [Double], lag: Int) -> [Double] {
        guard lag > 0 else { return x }
        return x.count > lag ? (lag..<x.count).map { x[$0] - x[$0 - lag] } : []
    }

    /// Mean and population standard deviation (1 when the values do not vary).
    static func moments(_ y: [Double]) -> (mean: Double, std: Double) {
        guard !y.isEmpty else { return (0, 1) }
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        let std = variance.squareRoot()
        return (mean, std > 0 && std.isFinite ? std : 1)
    }

    /// z of column `c` for the steps `from ..< x.count` of `x` (the column's training and
    /// held-out values in order): the model's view of values that `x` holds, as the
    /// windows (from 0, minus the first d) or a forecast's known inputs (from the holdout).
    func forward(_ x: [Double], column c: Int, from start: Int = 0) -> [Double] {
        let first = max(start, lag)
        guard first < x.count else { return [] }
        return (first..<x.count).map { i in scaled(x[i] - (lag > 0 ? x[i - lag] : 0), column: c) }
    }

    private func scaled(_ y: Double, column c: Int) -> Double {
        guard let scales, c < scales.count else { return y }
        return (y - scales[c].mean) / scales[c].std
    }

    /// The data's own values of a forecast of column `c` after `history` (its training
    /// values): x[n + j] = z[j]·std + mean + x[n + j − d], where x[n + j − d] is a known
    /// value or an earlier step of the same forecast.
    func inverse(_ z: [Double], column c: Int, history: [Double]) -> [Double] {
        var x = history
        x.reserveCapacity(history.count + z.count)
        for value in z {
            var y = value
            if let scales, c < scales.count { y = value * scales[c].std + scales[c].mean }
            let n = x.count
            x.append(lag > 0 && n >= lag ? y + x[n - lag] : y)
        }
        return Array(x.suffix(z.count))
    }
}
