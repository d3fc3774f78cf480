/// What `forecast(steps:)` produced: for each step, the truth and the prediction of
/// each predicted column, step-major (`[steps, k]` flattened; k = 1 for a univariate
/// series, where this is one value a step).
struct ForecastResult {
    /// Absolute step of each row: count, count + 1, ...
    var steps: [Int]
    /// The predicted columns' names; empty for a univariate forecast (`step,truth,prediction`).
    var columns: [String]
    var truth: [Double]
    var predictions: [Double]
    /// sqrt(mean((prediction − truth)²)) and mean(|prediction − truth|) over every step
    /// and predicted column.
    var rmse: Double
    var mae: Double
    /// Steps each model call answered (`windows(horizon:)`); known from the model, not kept in the CSV.
    var horizon = 1

    init(steps: [Int], columns: [String] = [], truth: [Double], predictions: [Double]) {
        self.steps = steps
        self.columns = columns
        self.truth = truth
        self.predictions = predictions
        (rmse, mae) = ForecastResult.errors(truth, predictions)
    }

    /// Predicted columns: at least one.
    var width: Int { max(columns.count, 1) }

    /// Column `c`'s truth and predictions, one a step.
    func truth(of c: Int) -> [Double] { stride(from: c, to: truth.count, by: width).map { truth[$0] } }
    func predictions(of c: Int) -> [Double] { stride(from: c, to: predictions.count, by: width).map { predictions[$0] } }

    /// RMSE and MAE of column `c` alone.
    func errors(of c: Int) -> (rmse: Double, mae: Double) { ForecastResult.errors(truth(of: c), predictions(of: c)) }

    private static func errors(_ truth: [Double], _ predictions: [Double]) -> (rmse: Double, mae: Double) {
        var squared = 0.0, absolute = 0.0
        for (p, t) in zip(predictions, truth) {
            squared += (p - t) * (p - t)
            absolute += abs(p - t)
        }
        let count = Double(max(1, truth.count))
        return ((squared / count).squareRoot(), absolute / count)
    }
}
