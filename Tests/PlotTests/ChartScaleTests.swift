@testable import Plot
import XCTest

/// `LineChart.scale`: the same chart with every length multiplied, for high-density screens.
final class ChartScaleTests: XCTestCase {
    func flatChart(scale: Int) -> LineChart {
        LineChart(title: "Flat", xLabel: "step", yLabel: "value",
                  series: [Series(x: [0, 50, 100], y: [1, 1, 1], color: .red, label: "one"),
                           Series(x: [0, 100], y: [0, 2], color: .blue)], scale: scale)
    }

    func testScaleTwoDoublesTheImageAndTheLayout() throws {
        let one = try ChartLayout(chart: flatChart(scale: 1)), two = try ChartLayout(chart: flatChart(scale: 2))
        let canvas = try flatChart(scale: 2).render()
        XCTAssertEqual(canvas.width, 2400)
        XCTAssertEqual(canvas.height, 1200)
        XCTAssertEqual(try flatChart(scale: 1).render().width, 1200, "scale 1 stays 1200×600")
        for (a, b, what) in [(one.plot.x, two.plot.x, "left"), (one.plot.y, two.plot.y, "top"),
                             (one.plot.maxX, two.plot.maxX, "right"), (one.plot.maxY, two.plot.maxY, "bottom")] {
            XCTAssertEqual(b, 2 * a, accuracy: 4, "plot \(what) edge")
        }
        let texts = zip(one.frameTexts(), two.frameTexts())
        for (a, b) in texts {
            XCTAssertEqual(a.text, b.text)
            // Hinting puts heights on whole pixels at each size: 15 px at 1×, 33 at 2× for the title.
            XCTAssertEqual(b.box.height, 2 * a.box.height, accuracy: 3, "'\(a.text)' height")
            XCTAssertEqual(b.box.width, 2 * a.box.width, accuracy: 3, "'\(a.text)' width")
            XCTAssertEqual(b.box.x, 2 * a.box.x, accuracy: 5, "'\(a.text)' position")
        }
    }

    func testLinesAndFrameAreTwiceAsThick() throws {
        for scale in [1, 2] {
            let chart = flatChart(scale: scale)
            let canvas = try chart.render(), layout = try ChartLayout(chart: chart)
            // Down a column: the 2 px red line at y = 1 becomes 4 px (ink summed over partly covered rows).
            let column = Int(layout.pixelX(75))
            guard let middle = layout.pixelY(1) else { return XCTFail("y = 1 is on the axis") }
            let rows = Int(middle) - 4 * scale...Int(middle) + 4 * scale
            let ink = rows.compactMap { canvas.pixel(x: column, y: $0) }
                .map { Double(255 - Int($0.green)) / Double(255 - Int(Color.red.green)) }.reduce(0, +)
            XCTAssertEqual(ink, Double(2 * scale), accuracy: 0.05, "scale \(scale): rows of red ink")
            let frame = (0..<canvas.width).filter { canvas.pixel(x: $0, y: canvas.height / 2 + 3) == ChartLayout.frameColor }
            XCTAssertEqual(frame.count, 2 * scale, "scale \(scale): the frame's left and right sides")
        }
    }

    func testScaleOutsideOneToFourIsRefused() {
        for scale in [0, 5] {
            XCTAssertThrowsError(try flatChart(scale: scale).render()) { error in
                XCTAssertTrue(String(describing: error).contains("scale \(scale)"), "\(error)")
            }
        }
    }

    func testBuildersPassTheScaleOn() throws {
        XCTAssertEqual(try predictionChart(steps: [1, 2], truth: [0, 1], prediction: [1, 0], scale: 2).scale, 2)
        XCTAssertEqual(try lossChart(loss: [1, 0.5], scale: 2).scale, 2)
        let run = RunLine(label: "a", x: [1, 2], y: [1, 2])
        XCTAssertEqual(try forecastComparisonChart(truth: run, runs: [run], title: "t", subtitle: nil, scale: 2).scale, 2)
        XCTAssertEqual(try forecastErrorChart(runs: [run], title: "t", subtitle: nil, scale: 2).scale, 2)
        XCTAssertEqual(try lossComparisonChart(runs: [run], title: "t", yLabel: "loss", scale: 2).scale, 2)
    }
}
