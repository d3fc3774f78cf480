import Foundation
import Plot
import XCTest

/// Our half of tools/compare-charts.py: draws the prediction and loss charts of a lesson's
/// `forecast.csv` (step,truth,prediction) and `history.csv` (epoch,loss,val_loss,…) at
/// scale 1 and 2, as `lesson` does, into a folder beside matplotlib's drawings.
///
/// Runs only when `LESSON_CHART_DATA` names the folder of the CSV files; PNGs go to
/// `LESSON_CHART_OUT` (default: the same folder), the title is `LESSON_CHART_TITLE`.
final class ChartGalleryTests: XCTestCase {
    func testDrawTheLessonsChartsForComparison() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let data = environment["LESSON_CHART_DATA"] else {
            throw XCTSkip("set LESSON_CHART_DATA to a folder with forecast.csv and history.csv (tools/compare-charts.py does)")
        }
        let out = environment["LESSON_CHART_OUT"] ?? data
        let title = environment["LESSON_CHART_TITLE"] ?? "A small sine wave"
        let forecast = try Self.columns(of: data + "/forecast.csv")
        let history = try Self.columns(of: data + "/history.csv")
        let steps = forecast["step"] ?? [], truth = forecast["truth"] ?? [], prediction = forecast["prediction"] ?? []
        let rmse = (zip(truth, prediction).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(max(1, truth.count))).squareRoot()
        let loss = history["loss"] ?? []
        let valLoss = (history["val_loss"] ?? []).map { $0.isNaN ? nil : $0 }
        // The kept checkpoint: the lowest val_loss, as model_checkpoint(save_best_only) keeps it.
        let best = valLoss.enumerated().compactMap { index, value in value.map { (index + 1, $0) } }.min { $0.1 < $1.1 }?.0
        for scale in [1, 2] {
            let charts = [
                ("prediction", try predictionChart(steps: steps, truth: truth, prediction: prediction, title: title,
                                                   rmse: rmse, scale: scale)),
                ("loss", try lossChart(loss: loss, valLoss: valLoss, bestEpoch: best, title: title + ": loss", scale: scale)),
            ]
            for (name, chart) in charts {
                try PNGWriter.write(try chart.render(), to: "\(out)/ours-\(name)-\(scale)x.png")
            }
        }
    }

    /// A CSV file's numeric columns by header name; an empty field is NaN.
    static func columns(of path: String) throws -> [String: [Double]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else {
            return [:]
        }
        var columns = [String: [Double]]()
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            for (name, field) in zip(header, fields) { columns[name, default: []].append(Double(field) ?? .nan) }
        }
        return columns
    }
}
