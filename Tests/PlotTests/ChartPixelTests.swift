import Foundation
@testable import Plot
import XCTest

/// Checks on the PNG as a viewer sees it (written, then decoded by libpng's read side),
/// against facts that do not come from our own earlier output: text has grey edges,
/// every inked pixel outside the plot belongs to a text's box or to the frame, and the
/// truth's red pixels lie on the truth values mapped by the axis ranges' definition.
final class ChartPixelTests: XCTestCase {
    /// Renders `chart`, writes it as PNG and reads it back.
    func decoded(_ chart: LineChart, file: StaticString = #filePath, line: UInt = #line) throws -> PNGImage {
        let path = NSTemporaryDirectory() + "chart-pixels-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PNGWriter.write(try chart.render(), to: path)
        let image = try PNGReader.read(path)
        XCTAssertEqual(image.width, chart.width * chart.scale, file: file, line: line)
        XCTAssertEqual(image.height, chart.height * chart.scale, file: file, line: line)
        return image
    }

    /// A sine forecast with a context, a legend and a negative axis (U+2212 labels).
    static func sineChart(scale: Int) throws -> LineChart {
        let steps = Array(400..<520)
        let truth = steps.map { sin(Double($0) * 2 * .pi / 40) }
        let prediction = steps.map { 0.6 * sin(Double($0) * 2 * .pi / 40 + 0.8) }
        return try predictionChart(steps: steps, truth: truth, prediction: prediction,
                                   context: (steps: Array(360..<400), values: (360..<400).map { sin(Double($0) * 2 * .pi / 40) }),
                                   title: "Sine forecast", rmse: 0.25, scale: scale)
    }

    /// A log axis with decades drawn as 10 with a raised exponent, a marker label and µ.
    static func lossChartWithMarker(scale: Int) throws -> LineChart {
        let loss = (1...40).map { 0.5 * exp(-Double($0) / 4) + 2e-5 }
        return try lossChart(loss: loss, valLoss: loss.map { $0 * 1.3 }, bestEpoch: 30,
                             title: "History in µ-steps", scale: scale)
    }

    func charts() throws -> [(String, LineChart)] {
        try [1, 2].flatMap { scale in
            [("sine \(scale)x", try Self.sineChart(scale: scale)), ("loss \(scale)x", try Self.lossChartWithMarker(scale: scale))]
        }
    }

    func testTitleIsAntiAliased() throws {
        for (name, chart) in try charts() {
            let image = try decoded(chart)
            let layout = try ChartLayout(chart: chart)
            // Every grey level above the plot: the title and subtitle, nothing else is drawn there.
            var levels = Set<UInt8>()
            for y in 0..<Int(layout.plot.y) - chart.scale {
                for x in 0..<image.width {
                    guard let pixel = image.pixel(x: x, y: y), pixel != .white else { continue }
                    XCTAssertTrue(pixel.red == pixel.green && pixel.green == pixel.blue, "\(name): colour \(pixel) at (\(x), \(y))")
                    levels.insert(pixel.red)
                }
            }
            XCTAssertGreaterThan(levels.count, 60, "\(name): \(levels.count) grey levels; a 1-bit font has 1")
        }
    }

    func testInkOutsideThePlotBelongsToATextOrTheFrame() throws {
        for (name, chart) in try charts() {
            let image = try decoded(chart)
            let layout = try ChartLayout(chart: chart)
            let unit = Double(chart.scale), plot = layout.plot
            let tick = ChartLayout.tickLength * unit
            // The frame (1 unit outside the plot) and the outward ticks left and below it.
            let frame = Rect(x: plot.x - unit - tick, y: plot.y - unit, width: plot.width + 2 * unit + tick,
                             height: plot.height + 2 * unit + tick)
            let texts = layout.frameTexts()
            XCTAssertGreaterThan(texts.count, 8, name)
            for (index, text) in texts.enumerated() {
                XCTAssertTrue(text.box.x >= 0 && text.box.y >= 0 && text.box.maxX <= Double(image.width)
                              && text.box.maxY <= Double(image.height), "\(name): '\(text.text)' leaves the image")
                XCTAssertFalse(text.box.intersects(frame), "\(name): '\(text.text)' \(text.box) touches the frame \(frame)")
                for other in texts[(index + 1)...] {
                    XCTAssertFalse(text.box.intersects(other.box), "\(name): '\(text.text)' overlaps '\(other.text)'")
                }
            }
            var stray: [String] = []
            for y in 0..<image.height {
                for x in 0..<image.width where image.pixel(x: x, y: y) != .white {
                    let centre = Point(x: Double(x) + 0.5, y: Double(y) + 0.5)
                    if frame.contains(centre) || texts.contains(where: { $0.box.contains(centre) }) { continue }
                    stray.append("(\(x), \(y))")
                }
            }
            XCTAssertEqual(stray.count, 0, "\(name): ink outside every text box and the frame: \(stray.prefix(8))")
        }
    }

    func testLegendAndMarkerTextsStayInTheirBoxes() throws {
        for (name, chart) in try charts() {
            let image = try decoded(chart)
            let layout = try ChartLayout(chart: chart)
            let unit = Double(chart.scale)
            guard let legend = try layout.legend() else { return XCTFail("\(name): no legend") }
            XCTAssertTrue(legend.box.x >= layout.plot.x && legend.box.maxX <= layout.plot.maxX, name)
            let boxes = legend.rows.map(\.text.box)
            for (index, box) in boxes.enumerated() {
                XCTAssertTrue(box.x >= legend.box.x && box.maxX <= legend.box.maxX - 5 * unit
                              && box.y >= legend.box.y && box.maxY <= legend.box.maxY, "\(name): row \(index) leaves the legend")
                for other in boxes[(index + 1)...] { XCTAssertFalse(box.intersects(other), "\(name): legend rows overlap") }
            }
            // Dark neutral pixels right of the sample lines are text, and inside a row's box.
            let textLeft = Int(legend.box.x + (10 + 28 + 4) * unit)
            for y in Int(legend.box.y + unit)..<Int(legend.box.maxY - unit) {
                for x in textLeft..<Int(legend.box.maxX - unit) {
                    guard let pixel = image.pixel(x: x, y: y), pixel.red == pixel.green, pixel.green == pixel.blue,
                          pixel.red < 0xC0 else { continue }
                    let centre = Point(x: Double(x) + 0.5, y: Double(y) + 0.5)
                    XCTAssertTrue(boxes.contains { $0.contains(centre) }, "\(name): legend ink at (\(x), \(y)) outside the rows")
                }
            }
            for marker in chart.markers {
                guard let label = try layout.markerLabel(marker) else { continue }
                let background = label.background, box = label.text.box
                XCTAssertTrue(box.x >= background.x && box.maxX <= background.maxX && box.y >= background.y
                              && box.maxY <= background.maxY, "\(name): marker text leaves its background")
                XCTAssertFalse(background.intersects(legend.box), "\(name): the legend covers the marker's label")
            }
        }
    }

    func testTruthPixelsLieWhereTheTruthValuesMap() throws {
        for scale in [1, 2] {
            let chart = try Self.sineChart(scale: scale)
            let image = try decoded(chart)
            guard let frame = Self.frame(in: image, thickness: scale) else { return XCTFail("\(scale)x: no frame found") }
            // The axis ranges by definition: all drawn x ± 2 %, all y ± 5 % (LineChart's doc).
            let xs = chart.series.flatMap(\.x), ys = chart.series.flatMap(\.y)
            let (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1), (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
            let xLow = x0 - 0.02 * (x1 - x0), xHigh = x1 + 0.02 * (x1 - x0)
            let yLow = y0 - 0.05 * (y1 - y0), yHigh = y1 + 0.05 * (y1 - y0)
            let truth = chart.series[1]
            XCTAssertEqual(truth.color, .red)
            let points = zip(truth.x, truth.y).map { x, y in
                Point(x: frame.x + (x - xLow) / (xHigh - xLow) * frame.width,
                      y: frame.maxY - (y - yLow) / (yHigh - yLow) * frame.height)
            }
            // Fully red pixels lie within half the line width (2 px a unit) of the mapped polyline, 1 px of
            // slack; the legend's sample of the truth line is not data.
            let legend = try ChartLayout(chart: chart).legend()?.box
            var redCount = 0, worst = 0.0
            for y in Int(frame.y)..<Int(frame.maxY) {
                for x in Int(frame.x)..<Int(frame.maxX) where image.pixel(x: x, y: y) == .red {
                    if legend?.contains(Point(x: Double(x) + 0.5, y: Double(y) + 0.5)) == true { continue }
                    redCount += 1
                    worst = max(worst, Self.distance(Point(x: Double(x) + 0.5, y: Double(y) + 0.5), to: points))
                }
            }
            XCTAssertGreaterThan(redCount, 300 * scale, "\(scale)x: the truth is drawn")
            XCTAssertLessThanOrEqual(worst, Double(scale) + 1, "\(scale)x: a red pixel \(worst) px from the truth")
            // And the line is there: most mapped points have red within one line width.
            let found = points.filter { point in
                (-2 * scale...2 * scale).contains { dy in
                    (-2 * scale...2 * scale).contains { dx in
                        image.pixel(x: Int(point.x) + dx, y: Int(point.y) + dy) == .red
                    }
                }
            }
            XCTAssertGreaterThan(Double(found.count), 0.8 * Double(points.count),
                                 "\(scale)x: red found at \(found.count) of \(points.count) truth points")
        }
    }

    /// The plot area inside the frame, found in the image: the longest runs of frame-coloured
    /// pixels down a column and along a row, each `thickness` pixels thick.
    static func frame(in image: PNGImage, thickness: Int) -> Rect? {
        func run(_ count: Int, _ at: (Int) -> Color?) -> (start: Int, length: Int) {
            var best = (start: 0, length: 0), start = 0
            for index in 0...count {
                if index < count, at(index) == ChartLayout.frameColor { continue }
                if index - start > best.length { best = (start, index - start) }
                start = index + 1
            }
            return best
        }
        let middleRow = image.height / 2, middleColumn = image.width / 2
        let columns = (0..<image.width).filter { x in run(image.height) { image.pixel(x: x, y: $0) }.length > image.height / 2 }
        let rows = (0..<image.height).filter { y in run(image.width) { image.pixel(x: $0, y: y) }.length > image.width / 2 }
        guard let left = columns.first(where: { $0 < middleColumn }), let right = columns.last(where: { $0 > middleColumn }),
              let top = rows.first(where: { $0 < middleRow }), let bottom = rows.last(where: { $0 > middleRow }) else { return nil }
        let x = Double(left + thickness), y = Double(top + thickness)
        return Rect(x: x, y: y, width: Double(right - thickness + 1) - x, height: Double(bottom - thickness + 1) - y)
    }

    /// Distance from `point` to the nearest segment of `polyline`.
    static func distance(_ point: Point, to polyline: [Point]) -> Double {
        zip(polyline, polyline.dropFirst()).map { a, b in
            let dx = b.x - a.x, dy = b.y - a.y
            let t = max(0, min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / (dx * dx + dy * dy)))
            let ex = point.x - a.x - t * dx, ey = point.y - a.y - t * dy
            return (ex * ex + ey * ey).squareRoot()
        }.min() ?? .infinity
    }
}
