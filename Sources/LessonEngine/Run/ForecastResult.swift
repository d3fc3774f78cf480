/// What `forecast(steps:)` produced.
struct ForecastResult {
    /// Absolute step of each value: count, count + 1, ...
    var steps: [Int]
    var truth: [Double]
    var predictions: [Double]
    /// sqrt(mean((prediction − truth)²)) and mean(|prediction − truth|) over the steps.
    var rmse: Double
    var mae: Double

    init(steps: [Int], truth: [Double], predictions: [Double]) {
        self.steps = steps
        self.truth = truth
        self.predictions = predictions
        var squared = 0.0, absolute = 0.0
        for (p, t) in zip(predictions, truth) {
            squared += (p - t) * (p - t)
            absolute += abs(p - t)
        }
        let count = Double(max(1, steps.count))
        rmse = (squared / count).squareRoot()
        mae = absolute / count
    }
}
