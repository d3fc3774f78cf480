import Foundation
import Plot
import XCTest

/// The golden chart checked by what it must show, not by a recorded hash: the PNG is
/// decoded with libpng, the plot area found from the frame's pixels, and every line
/// checked against where its data map under the documented axis rule (the data range
/// widened by 2 % of its span on x and 5 % on y, y up). Lines are anti-aliased by
/// distance: a pixel gets ink when its centre is closer than w/2 + 0.5 px to the line
/// (w the line's width) and full ink closer than w/2 − 0.5 px. Text must sit in its box.
final class GoldenImageOracleTests: XCTestCase {
    static let frame = Color(hex: 0x404040)
    static let ink = Color(hex: 0x262626)
    static let subtitleGrey = Color(hex: 0x595959)
    static let legendBorder = Color(hex: 0xCCCCCC)
    /// The lines' colours as documented (matplotlib's tab10 grey, red and blue).
    static let grey = Color(hex: 0x8C8C8C), red = Color(hex: 0xD62728), blue = Color(hex: 0x1F77B4)

    /// Colour classes as a person would name them on screen: the hue clearly dominates
    /// (faint anti-aliased edges count as none).
    static func isRed(_ c: Color) -> Bool { Int(c.red) - max(Int(c.green), Int(c.blue)) > 40 }
    static func isBlue(_ c: Color) -> Bool { Int(c.blue) - Int(c.red) > 40 && c.blue >= c.green }
    static func isGrey(_ c: Color) -> Bool {
        max(c.red, c.green, c.blue) - min(c.red, c.green, c.blue) <= 6 && (100...215).contains(c.red)
    }

    /// One line of the chart: its pieces in pixel coordinates, width, colour and class.
    struct Line {
        let name: String
        let runs: [[(x: Double, y: Double)]]
        let width: Double
        let color: Color
        let looksLike: (Color) -> Bool
    }

    private var picture: ChartImage?
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "golden-oracle-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/golden.png"
        try PNGWriter.write(try GoldenImageTests.goldenChart().render(), to: path)
        picture = try ChartImage(path: path, frame: Self.frame)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The three lines in drawing order (context, truth, prediction), placed by the axis rule.
    func lines(_ picture: ChartImage) -> [Line] {
        let golden = GoldenImageTests.self
        let xs = (golden.context.steps + golden.steps).map(Double.init)
        let ys = (golden.context.values + golden.truth + golden.prediction).filter(\.isFinite)
        guard let xLow = xs.min(), let xHigh = xs.max(), let yLow = ys.min(), let yHigh = ys.max() else { return [] }
        let map = picture.mapping(xData: xLow...xHigh, yData: yLow...yHigh, xMargin: 0.02, yMargin: 0.05)
        /// The runs of consecutive finite values, mapped.
        func runs(_ steps: [Int], _ values: [Double]) -> [[(x: Double, y: Double)]] {
            var runs: [[(x: Double, y: Double)]] = [[]]
            for (step, value) in zip(steps, values) {
                if value.isFinite { runs[runs.count - 1].append(map(Double(step), value)) } else { runs.append([]) }
            }
            return runs.filter { !$0.isEmpty }
        }
        return [
            Line(name: "context", runs: runs(golden.context.steps, golden.context.values), width: 1.5, color: Self.grey, looksLike: Self.isGrey),
            Line(name: "truth", runs: runs(golden.steps, golden.truth), width: 2, color: Self.red, looksLike: Self.isRed),
            Line(name: "prediction", runs: runs(golden.steps, golden.prediction), width: 2, color: Self.blue, looksLike: Self.isBlue),
        ]
    }

    /// The legend's box: the two rows and two columns of the plot area where its border's
    /// colour runs 40 px or more (an anti-aliased grey line has a few such pixels too).
    func legendBox(_ picture: ChartImage) -> (minX: Int, minY: Int, maxX: Int, maxY: Int)? {
        let plot = picture.plot
        let border = picture.pixels(of: Self.legendBorder).filter {
            $0.x >= plot.minX && $0.x < plot.maxX && $0.y >= plot.minY && $0.y < plot.maxY
        }
        let rows = Dictionary(grouping: border, by: \.y).filter { $0.value.count >= 40 }.keys.sorted()
        let columns = Dictionary(grouping: border, by: \.x).filter { $0.value.count >= 40 }.keys.sorted()
        guard rows.count == 2, columns.count == 2 else { return nil }
        return (columns[0], rows[0], columns[1] + 1, rows[1] + 1)
    }

    func testEveryLinePixelLiesWhereItsDataMap() throws {
        let picture = try XCTUnwrap(picture)
        XCTAssertEqual(picture.image.width, 1200)
        XCTAssertEqual(picture.image.height, 600)
        let legend = try XCTUnwrap(legendBox(picture), "no legend border in the plot area")
        func inLegend(_ x: Int, _ y: Int) -> Bool {
            x >= legend.minX - 1 && x <= legend.maxX && y >= legend.minY - 1 && y <= legend.maxY
        }
        let lines = lines(picture)
        XCTAssertEqual(lines.map(\.runs.count), [1, 1, 2], "the prediction has a gap at step 120")
        // 1. A pixel of a line's colour lies within w/2 + 0.5 px of that line: a wrong
        // scale, offset, flip or margin moves pixels farther than that somewhere.
        var counted = [0, 0, 0]
        var astray: [String] = []
        for pixel in picture.plotPixels() where !inLegend(pixel.x, pixel.y) {
            for (index, line) in lines.enumerated() where line.looksLike(pixel.color) {
                counted[index] += 1
                let distance = ChartImage.distance(x: pixel.x, y: pixel.y, to: line.runs)
                if distance >= line.width / 2 + 0.5 + 1e-9 {
                    astray.append("\(line.name) (\(pixel.x), \(pixel.y)) \(pixel.color.hexString) \(String(format: "%.2f", distance)) px off")
                }
            }
        }
        XCTAssertEqual(astray.count, 0, "pixels of a line's colour away from it: \(astray.prefix(8))")
        // Dozens of pixels a data step on the two long lines: the check above is not vacuous.
        XCTAssertGreaterThan(counted[0], 150, "grey pixels")
        XCTAssertGreaterThan(counted[1], 2000, "red pixels")
        XCTAssertGreaterThan(counted[2], 1000, "blue pixels")

        // 2. A pixel within w/2 − 0.5 px of a line is exactly its colour, unless a line drawn
        // later reaches it or the legend covers it.
        for (index, line) in lines.enumerated() {
            var exact = 0
            var wrong: [String] = []
            for (x, y) in Self.pixels(near: line, within: line.width / 2 - 0.5) where !inLegend(x, y) {
                let covered = lines[(index + 1)...].contains { later in
                    ChartImage.distance(x: x, y: y, to: later.runs) < later.width / 2 + 0.5
                }
                guard !covered, let color = picture.image.pixel(x: x, y: y) else { continue }
                exact += 1
                if color != line.color { wrong.append("(\(x), \(y)) \(color.hexString)") }
            }
            XCTAssertEqual(wrong.count, 0, "pixels on the \(line.name) line not \(line.color.hexString): \(wrong.prefix(8))")
            XCTAssertGreaterThan(exact, line.width > 1.5 ? 400 : 5, "\(line.name): pixels checked for the exact colour")
        }

        // 3. The NaN at step 120 leaves the prediction open between steps 119 and 121.
        let gapStart = lines[2].runs[0].last?.x ?? 0, gapEnd = lines[2].runs[1].first?.x ?? 0
        XCTAssertGreaterThan(gapEnd - gapStart, 15, "two steps apart")
        let inGap = picture.plotPixels().filter {
            Double($0.x) > gapStart + 1.5 && Double($0.x) + 1 < gapEnd - 1.5 && Self.isBlue($0.color)
        }
        XCTAssertEqual(inGap.count, 0, "blue pixels in the gap: \(inGap.prefix(5).map { ($0.x, $0.y) })")
    }

    func testTextSitsInItsBoxes() throws {
        let picture = try XCTUnwrap(picture)
        let plot = picture.plot
        let centre = Double(plot.minX + plot.maxX) / 2
        let ink = picture.pixels(of: Self.ink)
        // No text over the data: inside the plot area, ink is only in the legend.
        let legend = try XCTUnwrap(legendBox(picture))
        let inkInPlot = ink.filter { $0.x >= plot.minX && $0.x < plot.maxX && $0.y >= plot.minY && $0.y < plot.maxY }
        let legendInk = try XCTUnwrap(boundingBox(inkInPlot), "the legend has labels")
        XCTAssertTrue(legendInk.minX >= legend.minX + 2 && legendInk.maxX <= legend.maxX - 2
                      && legendInk.minY >= legend.minY + 2 && legendInk.maxY <= legend.maxY - 2,
                      "legend text \(legendInk) inside its box \(legend)")
        // The legend's rows: a sample of each line, in drawing order from the top, left of the
        // labels. A sample is a horizontal run of 10 px or more of the line's exact colour;
        // anti-aliased glyph edges take many greys but never such a run.
        let samples = [Self.grey, Self.red, Self.blue].map { color in
            Self.horizontalRuns(of: color, in: picture, within: legend, atLeast: 10)
        }
        let boxes = samples.compactMap(boundingBox)
        XCTAssertEqual(boxes.count, 3, "a sample line for context, truth and prediction")
        if boxes.count == 3 {
            XCTAssertTrue(boxes[0].maxY <= boxes[1].minY && boxes[1].maxY <= boxes[2].minY, "rows top to bottom: \(boxes)")
            XCTAssertTrue(boxes.allSatisfy { $0.maxX < legendInk.minX }, "samples \(boxes) left of the labels \(legendInk)")
        }
        // Title above the plot, centred on it; the subtitle between the title and the plot. Above
        // the frame, the rows holding any non-white pixel form two bands with white rows between:
        // the title (whose darkest pixels are the ink) and the lighter subtitle.
        let bands = Self.inkBands(in: picture, above: plot.minY - 1)
        XCTAssertEqual(bands.count, 2, "a title and a subtitle above the plot: \(bands.map { ($0.minY, $0.maxY) })")
        guard bands.count == 2 else { return }
        let (title, subtitle) = (bands[0], bands[1])
        XCTAssertEqual(Double(title.minX + title.maxX) / 2, centre, accuracy: 2, "title centred over the plot")
        XCTAssertEqual(Double(subtitle.minX + subtitle.maxX) / 2, centre, accuracy: 2, "subtitle centred over the plot")
        XCTAssertTrue(title.maxY <= subtitle.minY && subtitle.maxY < plot.minY - 1,
                      "title \(title), subtitle \(subtitle), plot from row \(plot.minY)")
        XCTAssertEqual(title.darkest, Self.ink.red, "the title is drawn in the ink")
        XCTAssertEqual(subtitle.darkest, Self.subtitleGrey.red, "the subtitle is drawn in its lighter grey")
        // Tick labels and axis labels: left of the frame and below it, never beside it on the right.
        XCTAssertTrue(ink.contains { $0.x < plot.minX - 1 && $0.y >= plot.minY && $0.y < plot.maxY }, "y tick labels")
        XCTAssertTrue(ink.contains { $0.y > plot.maxY && $0.x >= plot.minX && $0.x < plot.maxX }, "x tick labels")
        XCTAssertFalse(ink.contains { $0.x > plot.maxX + 30 && $0.y >= plot.minY && $0.y < plot.maxY }, "nothing right of the plot")
    }

    /// Pixels of exactly `color` inside `box` that belong to a horizontal run of at least `length`.
    static func horizontalRuns(of color: Color, in picture: ChartImage,
                               within box: (minX: Int, minY: Int, maxX: Int, maxY: Int), atLeast length: Int) -> [(x: Int, y: Int)] {
        var found: [(x: Int, y: Int)] = []
        for y in box.minY..<box.maxY {
            var run: [(x: Int, y: Int)] = []
            for x in box.minX...box.maxX {
                if x < box.maxX, picture.image.pixel(x: x, y: y) == color {
                    run.append((x, y))
                } else {
                    if run.count >= length { found += run }
                    run = []
                }
            }
        }
        return found
    }

    /// The bands of rows above `bottom` that hold a non-white pixel, split at white rows: each
    /// band's bounding box and its darkest grey level.
    static func inkBands(in picture: ChartImage, above bottom: Int)
        -> [(minX: Int, minY: Int, maxX: Int, maxY: Int, darkest: UInt8)] {
        var bands: [(minX: Int, minY: Int, maxX: Int, maxY: Int, darkest: UInt8)] = []
        var open = false
        for y in 0..<max(0, bottom) {
            let marked = (0..<picture.image.width).compactMap { x -> (Int, UInt8)? in
                guard let c = picture.image.pixel(x: x, y: y), c != Color(hex: 0xFFFFFF) else { return nil }
                return (x, min(c.red, c.green, c.blue))
            }
            guard let first = marked.first, let last = marked.last else { open = false; continue }
            let darkest = marked.map(\.1).min() ?? 255
            if open, let band = bands.last {
                bands[bands.count - 1] = (min(band.minX, first.0), band.minY, max(band.maxX, last.0), y, min(band.darkest, darkest))
            } else {
                bands.append((first.0, y, last.0, y, darkest))
            }
            open = true
        }
        return bands
    }

    /// Pixels whose centre is within `radius` of `line` (none for a negative radius).
    static func pixels(near line: Line, within radius: Double) -> [(x: Int, y: Int)] {
        guard radius >= 0 else { return [] }
        var seen = Set<Int>()
        var found: [(x: Int, y: Int)] = []
        for run in line.runs {
            for index in 0..<run.count {
                let a = run[index], b = run[min(index + 1, run.count - 1)]
                for y in Int((min(a.y, b.y) - radius - 1).rounded(.down))...Int((max(a.y, b.y) + radius + 1).rounded(.up)) {
                    for x in Int((min(a.x, b.x) - radius - 1).rounded(.down))...Int((max(a.x, b.x) + radius + 1).rounded(.up))
                    where ChartImage.distance(x: x, y: y, to: [[a, b]]) <= radius && seen.insert(y * 100_000 + x).inserted {
                        found.append((x, y))
                    }
                }
            }
        }
        return found
    }
}
