import Foundation
import Plot
import XCTest

/// Our half of tools/compare-charts.py: draws the prediction and loss charts of a lesson's
/// `forecast.csv` (step,truth,prediction) and `history.csv` (epoch,loss,val_loss,…) at
/// scale 1 and 2, as `lesson` does, into a folder beside matplotlib's drawings.
///
/// Runs only when `LESSON_CHART_DATA` names the folder of the CSV files; PNGs go to
/// `LESSON_CHART_OUT` (default: the same folder), the title is `LESSON_CHART_TITLE`.
/// Likewise our half of tools/compare-lines.py, when `LESSON_LINES` names its lines.json.
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

    /// The line pattern of tools/compare-lines.py, in pixels at each scale.
    struct LinePattern: Decodable {
        struct Line: Decodable {
            let name: String
            let points: [[Double]]
            let width: Double
            let color: String
            let dash: [Double]?
        }
        let width: Int
        let height: Int
        let scales: [String: [Line]]
    }

    func testDrawTheLinePatternForComparison() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment["LESSON_LINES"], let out = environment["LESSON_CHART_OUT"] else {
            throw XCTSkip("set LESSON_LINES and LESSON_CHART_OUT (tools/compare-lines.py does)")
        }
        let pattern = try JSONDecoder().decode(LinePattern.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        for (scale, lines) in pattern.scales {
            guard let factor = Int(scale) else { continue }
            func draw(_ lines: [LinePattern.Line]) throws -> Canvas {
                var canvas = Canvas(width: pattern.width * factor, height: pattern.height * factor)
                for line in lines {
                    let points = line.points.map { Point(x: $0.first ?? .nan, y: $0.last ?? .nan) }
                    let dash = line.dash.flatMap { $0.count == 2 ? (on: $0[0], off: $0[1]) : nil }
                    canvas.strokePolyline(points, width: line.width, color: try Color(named: line.color), dash: dash)
                }
                return canvas
            }
            try PNGWriter.write(try draw(lines), to: "\(out)/ours-lines-\(scale)x.png")
            for line in lines {
                try PNGWriter.write(try draw([line]), to: "\(out)/ours-line-\(line.name)-\(scale)x.png")
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
