/// Charts of many runs of one lesson (a sweep, `lesson compare`): their forecasts over
/// the truth, or their errors when the truths differ, and their validation losses.
/// Runs take the colours of `Color.cycle` in turn; past ten, the cycle repeats dashed,
/// then dotted, so no two runs look alike. `scale` is `LineChart.scale` (2 draws 2400×1200).

/// One run's line in a comparison: its label and its values.
public struct RunLine: Sendable {
    public var label: String
    public var x: [Double]
    public var y: [Double]

    public init(label: String, x: [Double], y: [Double]) {
        self.label = label
        self.x = x
        self.y = y
    }
}

/// The colour and dash of the run at `index` (0-based).
func runStyle(_ index: Int) -> (color: Color, dash: (on: Double, off: Double)?) {
    let color = Color.cycle[index % Color.cycle.count]
    switch (index / Color.cycle.count) % 3 {
    case 0: return (color, nil)
    case 1: return (color, (on: 12, off: 6))
    default: return (color, (on: 3, off: 5))
    }
}

/// Every run's forecast over one truth (red). Lines are 1.5 px so that many stay readable.
/// - Throws: `PlotError.invalidSeries` when there is no run or a run has no points.
public func forecastComparisonChart(truth: RunLine, runs: [RunLine], title: String, subtitle: String?,
                                    scale: Int = 1) throws -> LineChart {
    guard !runs.isEmpty else { throw PlotError.invalidSeries(label: "runs", reason: "none to compare") }
    var series = [Series(x: truth.x, y: truth.y, color: .red, width: 2, label: truth.label)]
    for (index, run) in runs.enumerated() {
        guard !run.y.isEmpty else { throw PlotError.invalidSeries(label: run.label, reason: "has no points") }
        let style = runStyle(index)
        series.append(Series(x: run.x, y: run.y, color: style.color, width: 1.5, label: run.label, dash: style.dash))
    }
    return LineChart(title: title, subtitle: subtitle, xLabel: "step", yLabel: "value", series: series, scale: scale, wholeX: true)
}

/// Every run's error (prediction − truth) per forecast step, when the runs forecast
/// different truths and one truth line cannot show them all.
public func forecastErrorChart(runs: [RunLine], title: String, subtitle: String?, scale: Int = 1) throws -> LineChart {
    guard !runs.isEmpty else { throw PlotError.invalidSeries(label: "runs", reason: "none to compare") }
    var series: [Series] = []
    for (index, run) in runs.enumerated() {
        guard !run.y.isEmpty else { throw PlotError.invalidSeries(label: run.label, reason: "has no points") }
        let style = runStyle(index)
        series.append(Series(x: run.x, y: run.y, color: style.color, width: 1.5, label: run.label, dash: style.dash))
    }
    return LineChart(title: title, subtitle: subtitle, xLabel: "forecast step", yLabel: "prediction − truth",
                     series: series, scale: scale, wholeX: true)
}

/// Every run's val_loss (or loss) per epoch, on a log-10 axis.
public func lossComparisonChart(runs: [RunLine], title: String, yLabel: String, scale: Int = 1) throws -> LineChart {
    guard !runs.isEmpty else { throw PlotError.invalidSeries(label: "runs", reason: "none to compare") }
    var series: [Series] = []
    for (index, run) in runs.enumerated() {
        let style = runStyle(index)
        series.append(Series(x: run.x, y: run.y, color: style.color, width: 1.5, label: run.label, dash: style.dash))
    }
    return LineChart(title: title, subtitle: "\(runs.count) runs", xLabel: "epoch", yLabel: yLabel, series: series,
                     yScale: .log10, scale: scale, wholeX: true)
}
