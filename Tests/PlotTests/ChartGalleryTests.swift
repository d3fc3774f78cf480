import Foundation
@testable import Plot
import XCTest

/// Our half of tools/compare-charts.py and tools/compare-lines.py: each tool runs this
/// class with its data named in the environment, and the drawings land beside
/// matplotlib's. Without those variables the same drawings are made of data the
/// repository holds, so the class never skips: what it draws is checked either way.
final class ChartGalleryTests: XCTestCase {
    private var scratch: String?

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }

    /// The repository's root, three levels above this file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// A fresh temporary folder, removed after the test.
    func scratchFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "chart-gallery-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        scratch = folder
        return folder
    }

    /// The prediction and loss charts of a lesson's `forecast.csv` (step,truth,prediction)
    /// and `history.csv` (epoch,loss,val_loss,…) at scale 1 and 2, as `lesson` draws them:
    /// from the folder `LESSON_CHART_DATA` into `LESSON_CHART_OUT` (default: the same
    /// folder) titled `LESSON_CHART_TITLE`, as tools/compare-charts.py asks; otherwise
    /// from lesson 01's figures (Lessons/figures/01-sine-wave) into a temporary folder.
    ///
    /// Each PNG, read back, is 1200·s × 600·s; the line drawn last (the prediction, the
    /// val_loss) has its exact colour in every pixel column its data span, the columns
    /// under the legend excepted; and the best-epoch marker's grey stands in its epoch's
    /// column over at least 40 % of the plot's height (dashes 6 on, 4 off).
    func testTheLessonsChartsAreWholeAtBothScales() throws {
        let environment = ProcessInfo.processInfo.environment
        let given = environment["LESSON_CHART_DATA"]
        let data = given ?? Self.repository + "/Lessons/figures/01-sine-wave"
        let out = try given.map { environment["LESSON_CHART_OUT"] ?? $0 } ?? scratchFolder()
        let title = environment["LESSON_CHART_TITLE"] ?? "Predicting a sine wave with an LSTM"
        let forecast = try Self.columns(of: data + "/forecast.csv")
        let history = try Self.columns(of: data + "/history.csv")
        let steps = forecast["step"] ?? [], truth = forecast["truth"] ?? [], prediction = forecast["prediction"] ?? []
        let loss = history["loss"] ?? []
        let valLoss = (history["val_loss"] ?? []).map { $0.isNaN ? nil : $0 }
        guard let firstStep = steps.first, let lastStep = steps.last, lastStep > firstStep, loss.count > 1 else {
            return XCTFail("\(data): forecast.csv needs two steps or more, history.csv two epochs or more")
        }
        let rmse = (zip(truth, prediction).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(truth.count)).squareRoot()
        // The kept checkpoint: the lowest val_loss, as model_checkpoint(save_best_only) keeps it.
        let best = valLoss.enumerated().compactMap { index, value in value.map { (index + 1, $0) } }.min { $0.1 < $1.1 }?.0
        for scale in [1, 2] {
            let predictionPath = "\(out)/ours-prediction-\(scale)x.png", lossPath = "\(out)/ours-loss-\(scale)x.png"
            let predictionChart = try predictionChart(steps: steps, truth: truth, prediction: prediction, title: title,
                                                      rmse: rmse, scale: scale)
            let lossChart = try lossChart(loss: loss, valLoss: valLoss, bestEpoch: best, title: title + ": loss", scale: scale)
            try PNGWriter.write(try predictionChart.render(), to: predictionPath)
            try PNGWriter.write(try lossChart.render(), to: lossPath)
            try assertWhole(predictionPath, chart: predictionChart, line: .blue, x: firstStep...lastStep)
            let lossPicture = try assertWhole(lossPath, chart: lossChart, line: valLoss.contains { $0 != nil } ? .orange : .blue,
                                              x: 1...Double(loss.count))
            if let best {
                let map = lossPicture.mapping(xData: 1...Double(loss.count), yData: 0...1, xMargin: 0.02, yMargin: 0.05)
                let column = map(Double(best), 0).x
                let grey = lossPicture.plotPixels().filter { $0.color == .grey && abs(Double($0.x) + 0.5 - column) < 2 }
                let rows = Set(grey.map(\.y)).count, height = lossPicture.plot.maxY - lossPicture.plot.minY
                XCTAssertGreaterThan(rows, height * 2 / 5, "\(lossPath): the marker at epoch \(best) has grey in \(rows) of \(height) rows")
            }
        }
    }

    /// Reads the chart written at `path` and checks its size and that `line`'s colour is in
    /// every plot column the data `x` span (mapped by the axis rule: the data ± 2 %),
    /// except those under the legend's box. Returns the picture.
    @discardableResult
    func assertWhole(_ path: String, chart: LineChart, line: Color, x: ClosedRange<Double>) throws -> ChartImage {
        let picture = try ChartImage(path: path, frame: ChartLayout.frameColor)
        XCTAssertEqual(picture.image.width, chart.width * chart.scale, path)
        XCTAssertEqual(picture.image.height, chart.height * chart.scale, path)
        let map = picture.mapping(xData: x, yData: 0...1, xMargin: 0.02, yMargin: 0.05)
        let first = Int(map(x.lowerBound, 0).x.rounded(.up)), last = Int(map(x.upperBound, 0).x.rounded(.down)) - 1
        let legend = try ChartLayout(chart: chart).legend()?.box
        let inked = Set(picture.plotPixels().filter { $0.color == line }.map(\.x))
        let gaps = (first...last).filter { column in
            !inked.contains(column) && !(legend.map { Double(column) >= $0.x - 1 && Double(column) < $0.maxX + 1 } ?? false)
        }
        XCTAssertTrue(gaps.isEmpty, "\(path): \(gaps.count) columns between \(first) and \(last) without \(line.hexString), "
                      + "from \(gaps.prefix(8))")
        return picture
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

    /// Without `LESSON_LINES`: three of compare-lines.py's lines (a zigzag with sharp
    /// turns, a nearly flat line, a dashed marker) on its 480 × 240 canvas, at 1× and 2×.
    static func builtInPattern() -> LinePattern {
        let zigzag: [[Double]] = (0..<8).map { (i: Int) -> [Double] in [20 + 25 * Double(i), i % 2 == 1 ? 30 : 90] }
        let lines = [
            LinePattern.Line(name: "zigzag", points: zigzag, width: 2, color: "#d62728", dash: nil),
            LinePattern.Line(name: "flat", points: [[220, 40], [460, 52]], width: 2, color: "#d62728", dash: nil),
            LinePattern.Line(name: "marker", points: [[240.5, 70], [240.5, 230]], width: 1.5, color: "#8c8c8c", dash: [6, 4]),
        ]
        func scaled(_ s: Double) -> [LinePattern.Line] {
            lines.map { (line: LinePattern.Line) -> LinePattern.Line in
                let points: [[Double]] = line.points.map { (pair: [Double]) -> [Double] in pair.map { $0 * s } }
                return LinePattern.Line(name: line.name, points: points, width: line.width * s, color: line.color,
                                        dash: line.dash?.map { $0 * s })
            }
        }
        return LinePattern(width: 480, height: 240, scales: ["1": scaled(1), "2": scaled(2)])
    }

    /// The pattern of `LESSON_LINES` (written by tools/compare-lines.py), drawn all
    /// together as ours-lines-{scale}x.png and one line at a time as
    /// ours-line-{name}-{scale}x.png into `LESSON_CHART_OUT`; without it the built-in
    /// pattern, kept in memory. Each line alone must ink (the summed coverage of its colour
    /// on white) what its stroke covers, within 0.5 % (`strokeArea`; measured: 0.3 % at most, the
    /// dashed marker, whose square ends fall between pixels).
    func testEveryLineInksItsStrokesArea() throws {
        let environment = ProcessInfo.processInfo.environment
        let pattern = try environment["LESSON_LINES"].map {
            try JSONDecoder().decode(LinePattern.self, from: Data(contentsOf: URL(fileURLWithPath: $0)))
        } ?? Self.builtInPattern()
        let out = environment["LESSON_LINES"] == nil ? nil : environment["LESSON_CHART_OUT"]
        XCTAssertFalse(pattern.scales.isEmpty)
        for (scale, lines) in pattern.scales {
            let factor = try XCTUnwrap(Int(scale), "scale \(scale) is not a whole number")
            func draw(_ lines: [LinePattern.Line]) throws -> Canvas {
                var canvas = Canvas(width: pattern.width * factor, height: pattern.height * factor)
                for line in lines {
                    let dash = line.dash.flatMap { $0.count == 2 ? (on: $0[0], off: $0[1]) : nil }
                    canvas.strokePolyline(line.points.map(Self.point), width: line.width, color: try Color(named: line.color),
                                          dash: dash)
                }
                return canvas
            }
            if let out { try PNGWriter.write(try draw(lines), to: "\(out)/ours-lines-\(scale)x.png") }
            for line in lines {
                let canvas = try draw([line])
                if let out { try PNGWriter.write(canvas, to: "\(out)/ours-line-\(line.name)-\(scale)x.png") }
                let ink = Self.ink(of: try Color(named: line.color), on: canvas), area = Self.strokeArea(line)
                XCTAssertEqual(ink, area, accuracy: area / 200, "\(line.name) at \(scale)x: ink \(ink), stroke area \(area)")
            }
        }
    }

    static func point(_ pair: [Double]) -> Point { Point(x: pair.first ?? .nan, y: pair.last ?? .nan) }

    /// Σ over pixels of how far each is from white towards `color`, in the channel that
    /// `color` moves most: 1 for a pixel of exactly `color`, 0 for white.
    static func ink(of color: Color, on canvas: Canvas) -> Double {
        let channels = [color.red, color.green, color.blue]
        guard let channel = (0..<3).max(by: { channels[$0] > channels[$1] }), channels[channel] < 255 else { return 0 }
        let depth = 255 - Double(channels[channel])
        var sum = 0.0
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                guard let pixel = canvas.pixel(x: x, y: y) else { continue }
                sum += (255 - Double([pixel.red, pixel.green, pixel.blue][channel])) / depth
            }
        }
        return sum
    }

    /// The area a line of width w = 2r covers. Solid, with round caps and joins: w·L for
    /// the segments, πr² for the two half-disc caps, and per join of turning angle θ the
    /// outer wedge r²θ/2 less the inner overlap of the two segments, r²·tan(θ/2). Dashed
    /// (square ends at their lengths): w times the summed length of the dashes.
    static func strokeArea(_ line: LinePattern.Line) -> Double {
        let points = line.points.map(point), r = line.width / 2
        let segments = zip(points, points.dropFirst()).map { (dx: $1.x - $0.x, dy: $1.y - $0.y) }
        let lengths = segments.map { ($0.dx * $0.dx + $0.dy * $0.dy).squareRoot() }
        let length = lengths.reduce(0, +)
        if let dash = line.dash, dash.count == 2 {
            let period = dash[0] + dash[1]
            let whole = (length / period).rounded(.down)
            return line.width * (whole * dash[0] + min(dash[0], length - whole * period))
        }
        var area = line.width * length + Double.pi * r * r
        for (a, b) in zip(segments, segments.dropFirst()) {
            let turn = abs(atan2(a.dx * b.dy - a.dy * b.dx, a.dx * b.dx + a.dy * b.dy))
            area += r * r * (turn / 2 - tan(turn / 2))
        }
        return area
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
