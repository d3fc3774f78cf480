import Foundation

/// The validate step's chart: the truth (red) and the model's free-running forecast
/// (blue) over absolute steps of the series, optionally after the context the
/// forecast started from (grey) and beside other forecasts of the same steps (to compare
/// two models on one plot), with the RMSE in the subtitle.
///
/// - Parameters:
///   - steps: absolute step index of each forecast value (4000–4199 for lesson 01).
///   - truth, prediction: one value per step.
///   - context: steps and values before the forecast, drawn in grey; nil for none.
///   - rmse: shown as "RMSE 0.0123 over 200 steps"; nil leaves the subtitle out.
///   - predictionLabel: the forecast's legend entry.
///   - compared: other forecasts of the same steps, drawn under the prediction with their labels.
///   - scale: pixels per unit of size (`LineChart.scale`): 2 draws 2400×1200.
/// - Throws: `PlotError.invalidSeries` when the lengths differ or are zero.
public func predictionChart(steps: [Double], truth: [Double], prediction: [Double],
                            context: (steps: [Double], values: [Double])? = nil,
                            title: String = "Prediction", rmse: Double? = nil,
                            truthColor: Color = .red, predictionColor: Color = .blue,
                            predictionLabel: String = "prediction",
                            compared: [(label: String, values: [Double], color: Color)] = [],
                            scale: Int = 1) throws -> LineChart {
    guard !steps.isEmpty else {
        throw PlotError.invalidSeries(label: "truth", reason: "has no points; forecast at least one step")
    }
    guard truth.count == steps.count, prediction.count == steps.count else {
        throw PlotError.invalidSeries(label: "prediction",
                                      reason: "\(steps.count) steps but \(truth.count) truth and \(prediction.count) predicted values")
    }
    var series: [Series] = []
    if let context, !context.values.isEmpty {
        guard context.steps.count == context.values.count else {
            throw PlotError.invalidSeries(label: "context",
                                          reason: "\(context.steps.count) steps but \(context.values.count) values")
        }
        series.append(Series(x: context.steps, y: context.values, color: .grey, width: 1.5, label: "context"))
    }
    series.append(Series(x: steps, y: truth, color: truthColor, width: 2, label: "truth"))
    for other in compared {
        guard other.values.count == steps.count else {
            throw PlotError.invalidSeries(label: other.label, reason: "\(steps.count) steps but \(other.values.count) values")
        }
        series.append(Series(x: steps, y: other.values, color: other.color, width: 2, label: other.label))
    }
    series.append(Series(x: steps, y: prediction, color: predictionColor, width: 2, label: predictionLabel))
    let subtitle = rmse.map { "RMSE \(formatMetric($0)) over \(steps.count) step\(steps.count == 1 ? "" : "s")" }
    return LineChart(title: title, subtitle: subtitle, xLabel: "step", yLabel: "value", series: series, scale: scale, wholeX: true)
}

/// `predictionChart` with integer steps.
public func predictionChart(steps: [Int], truth: [Double], prediction: [Double],
                            context: (steps: [Int], values: [Double])? = nil,
                            title: String = "Prediction", rmse: Double? = nil,
                            truthColor: Color = .red, predictionColor: Color = .blue,
                            predictionLabel: String = "prediction",
                            compared: [(label: String, values: [Double], color: Color)] = [],
                            scale: Int = 1) throws -> LineChart {
    try predictionChart(steps: steps.map(Double.init), truth: truth, prediction: prediction,
                        context: context.map { (steps: $0.steps.map(Double.init), values: $0.values) },
                        title: title, rmse: rmse, truthColor: truthColor, predictionColor: predictionColor,
                        predictionLabel: predictionLabel, compared: compared, scale: scale)
}

/// A metric with 4 significant digits ("0.01235", "1.5e-06"), as Keras prints losses.
func formatMetric(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    return String(format: "%.4g", value)
}
