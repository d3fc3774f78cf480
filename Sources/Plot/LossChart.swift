/// The fit step's chart: training loss and validation loss per epoch (epochs
/// 1-based, as Keras prints them) on a log-10 axis, with the best epoch marked.
///
/// - Parameters:
///   - loss: one value per epoch.
///   - valLoss: one value per epoch, nil where there was no validation; shorter or
///     empty when there was none at all.
///   - bestEpoch: 1-based epoch of the kept checkpoint, marked by a dashed line.
///   - scale: pixels per unit of size (`LineChart.scale`): 2 draws 2400×1200.
/// - Throws: `PlotError.invalidSeries` for an empty history or more val_loss than loss values.
public func lossChart(loss: [Double], valLoss: [Double?] = [], bestEpoch: Int? = nil,
                      title: String = "Training history", scale: Int = 1) throws -> LineChart {
    guard !loss.isEmpty else {
        throw PlotError.invalidSeries(label: "loss", reason: "has no epochs; train for at least one epoch")
    }
    guard valLoss.count <= loss.count else {
        throw PlotError.invalidSeries(label: "val_loss", reason: "has \(valLoss.count) epochs but loss has \(loss.count)")
    }
    let epochs = (1...loss.count).map(Double.init)
    var series = [Series(x: epochs, y: loss, color: .blue, width: 2, label: "loss")]
    if valLoss.contains(where: { $0 != nil }) {
        let values = valLoss.map { $0 ?? .nan }
        series.append(Series(x: Array(epochs.prefix(values.count)), y: values, color: .orange, width: 2, label: "val_loss"))
    }
    var markers: [VerticalMarker] = []
    var subtitle = "\(loss.count) epoch\(loss.count == 1 ? "" : "s")"
    if let bestEpoch, bestEpoch >= 1, bestEpoch <= loss.count {
        var text = "\(loss.count) epoch\(loss.count == 1 ? "" : "s"), best epoch \(bestEpoch)"
        if bestEpoch <= valLoss.count, let best = valLoss[bestEpoch - 1] {
            text += ": val_loss \(formatMetric(best))"
        }
        markers.append(VerticalMarker(x: Double(bestEpoch), label: "best epoch \(bestEpoch)", color: .grey))
        subtitle = text
    }
    return LineChart(title: title, subtitle: subtitle, xLabel: "epoch", yLabel: "loss (MSE)",
                     series: series, yScale: .log10, markers: markers, scale: scale, wholeX: true)
}
