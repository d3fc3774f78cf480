import Foundation
@testable import Plot
import XCTest

final class LineChartTests: XCTestCase {
    func chart(_ y: [Double], scale: AxisScale = .linear) -> LineChart {
        LineChart(title: "t", series: [Series(y: y, color: .blue, label: "y")], yScale: scale)
    }

    func assertThrows(_ chart: LineChart, contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try chart.render(), file: file, line: line) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains(text), "'\(message)' should mention '\(text)'", file: file, line: line)
        }
    }

    func testClearErrors() {
        assertThrows(LineChart(title: "t"), contains: "no series")
        assertThrows(chart([]), contains: "has no points")
        assertThrows(LineChart(title: "t", series: [Series(x: [1, 2], y: [1], color: .red)]), contains: "2 x values but 1 y values")
        assertThrows(chart([.nan, .infinity]), contains: "no point has finite")
        assertThrows(chart([0, -1, -2], scale: .log10), contains: "positive")
        var small = chart([1, 2, 3])
        small.width = 120
        small.height = 80
        assertThrows(small, contains: "too small")
        small.width = 100_000
        assertThrows(small, contains: "16384")
    }

    /// Steps and epochs are whole numbers: a loss chart of 4 epochs is ticked 1, 2, 3, 4,
    /// not 1.0, 1.5, ..., and a long range keeps its usual ticks.
    func testXTicksAreWholeNumbers() throws {
        let two = try ChartLayout(chart: lossChart(loss: [0.5, 0.2], title: "loss"))
        XCTAssertEqual(two.xTicks.map(\.label), ["1", "2"])
        let short = try ChartLayout(chart: lossChart(loss: [0.5, 0.2, 0.08, 0.04], valLoss: [0.3, 0.1, 0.05, 0.03],
                                                     bestEpoch: 4, title: "loss"))
        XCTAssertEqual(short.xTicks.map(\.label), ["1", "2", "3", "4"])
        let long = try ChartLayout(chart: predictionChart(steps: Array(0...200), truth: (0...200).map { sin(Double($0)) },
                                                          prediction: (0...200).map { cos(Double($0)) }, title: "steps"))
        XCTAssertEqual(long.xTicks.map(\.label), ["0", "50", "100", "150", "200"])
    }

    /// A sweep of many runs puts its legend right of the plot, where it hides no data; a
    /// chart of a few series keeps it in a corner of the plot. The drawn legend's border
    /// is found in the decoded pixels, so the test reads what a person sees.
    func testManySeriesPutTheLegendBesideThePlot() throws {
        let x = (0..<200).map(Double.init)
        func runs(_ count: Int) -> [RunLine] {
            (0..<count).map { run in RunLine(label: "CELL=\"simple_rnn\", seed=\(run)", x: x, y: x.map { sin($0 / 12 + Double(run)) }) }
        }
        let truth = RunLine(label: "truth", x: x, y: x.map { sin($0 / 12) })
        let many = try ChartLayout(chart: forecastComparisonChart(truth: truth, runs: runs(9), title: "nine", subtitle: nil))
        let box = try XCTUnwrap(try many.legend()).box
        XCTAssertTrue(many.legendOutside)
        XCTAssertGreaterThanOrEqual(box.x, many.plot.maxX + 10, "legend \(box) right of the plot \(many.plot)")
        XCTAssertLessThanOrEqual(box.maxX, 1200 - 10, "inside the image")
        XCTAssertEqual(box.y, many.plot.y, "level with the plot's top")
        XCTAssertLessThan(many.plot.width, 1000, "the plot gives the legend room")
        let few = try ChartLayout(chart: forecastComparisonChart(truth: truth, runs: runs(3), title: "three", subtitle: nil))
        let inside = try XCTUnwrap(try few.legend()).box
        XCTAssertFalse(few.legendOutside)
        XCTAssertTrue(inside.x >= few.plot.x && inside.maxX <= few.plot.maxX && inside.y >= few.plot.y && inside.maxY <= few.plot.maxY,
                      "legend \(inside) in the plot \(few.plot)")
        XCTAssertGreaterThan(few.plot.width, 1050)
        // Drawn: the legend's grey border runs at its box's left edge, right of the frame.
        let canvas = try forecastComparisonChart(truth: truth, runs: runs(9), title: "nine", subtitle: nil).render()
        let border = (Int(box.y) + 2..<Int(box.maxY) - 2).filter { canvas.pixel(x: Int(box.x), y: $0) == ChartLayout.legendBorder }
        XCTAssertGreaterThan(border.count, Int(box.height) - 8, "the border's left side is drawn")
    }

    func testAwkwardRangesRenderWithoutTrapping() throws {
        let cases: [String: [Double]] = [
            "tiny": (0..<50).map { 1 + Double($0) * 2e-11 },
            "huge": (0..<50).map { Double($0) * 2e10 + 1e12 },
            "negative": (0..<50).map { -100 - Double($0) },
            "constant": Array(repeating: 3.5, count: 50),
            "zero": Array(repeating: 0, count: 50),
            "single point": [42],
            "nan and inf": [1, .nan, 3, .infinity, -.infinity, 2, 5],
            "extreme": [-1e300, 1e300],
        ]
        for (name, values) in cases {
            for scale in [AxisScale.linear, .log10] where !(scale == .log10 && values.allSatisfy { $0 <= 0 }) {
                let layout = try ChartLayout(chart: chart(values, scale: scale))
                XCTAssertTrue(Ticks.countRange.contains(layout.yTicks.count), "\(name): \(layout.yTicks.map(\.label))")
                XCTAssertTrue(Ticks.countRange.contains(layout.xTicks.count) || values.count == 1,
                              "\(name): \(layout.xTicks.map(\.label))")
                XCTAssertNoThrow(try chart(values, scale: scale).render(), name)
            }
        }
    }

    func testLongXLabelsDoNotOverlap() throws {
        let x = (0..<50).map { 1 + Double($0) * 2e-11 }
        for width in [1200, 600] {
            let chart = LineChart(title: "long", series: [Series(x: x, y: x, color: .red)], width: width, height: 400)
            let layout = try ChartLayout(chart: chart)
            let labelled = layout.xTicks.enumerated().filter { $0.offset % layout.xLabelStride == 0 }.map(\.element)
            XCTAssertEqual(layout.xLabelStride == 1, width == 1200, "labels are thinned only when 4 do not fit")
            XCTAssertGreaterThanOrEqual(labelled.count, 2)
            let edges = try labelled.map { tick -> (Double, Double) in
                let half = Double(try TextRaster(tick.label, font: .label(scale: chart.scale)).width) / 2
                return (layout.pixelX(tick.value) - half, layout.pixelX(tick.value) + half)
            }
            for index in 1..<edges.count {
                XCTAssertLessThan(edges[index - 1].1 + 8, edges[index].0,
                                  "width \(width): '\(layout.xTicks[index - 1].label)' touches '\(layout.xTicks[index].label)'")
            }
        }
    }

    func testNaNInDataLeavesAGap() throws {
        var values = Array(repeating: 1.0, count: 101)
        values[50] = .nan
        let chart = LineChart(title: "gap", series: [Series(y: values, color: .red)])
        let canvas = try chart.render()
        let layout = try ChartLayout(chart: chart)
        let y = Int(layout.pixel(x: 0, y: 1).y)
        XCTAssertEqual(canvas.pixel(x: Int(layout.pixelX(25)), y: y), .red)
        XCTAssertEqual(canvas.pixel(x: Int(layout.pixelX(75)), y: y), .red)
        XCTAssertNotEqual(canvas.pixel(x: Int(layout.pixelX(50)), y: y), .red, "the NaN point is a gap")
    }

    func testLogAxisSkipsNonPositiveValues() throws {
        let layout = try ChartLayout(chart: chart([1, 0.1, 0, -3, 0.001, 1e-4], scale: .log10))
        XCTAssertEqual(layout.yRange.low, -4 - 0.2, accuracy: 1e-9, "range from the positive values only, 5 % margin")
        XCTAssertEqual(layout.yTicks.map(\.label), ["1e\u{2212}4", "1e\u{2212}3", "0.01", "0.1", "1"].map { label in
            // Mixed sizes print in one style: exponent form once any tick needs it.
            ["0.01": "1e\u{2212}2", "0.1": "1e\u{2212}1", "1": "1e0"][label] ?? label
        })
        XCTAssertNil(layout.pixelY(0))
    }

    func testLegendAvoidsTheData() throws {
        // Data fills the upper half from the left to the right, so the legend goes to a lower corner.
        let x = (0..<100).map(Double.init)
        let chart = LineChart(title: "legend", series: [
            Series(x: x, y: x.map { _ in 10 }, color: .red, label: "high"),
            Series(x: x, y: x.map { $0 < 50 ? 9 : 0 }, color: .blue, label: "step"),
        ])
        let layout = try ChartLayout(chart: chart)
        guard let box = try layout.legend()?.box else { return XCTFail("no legend") }
        XCTAssertGreaterThan(box.y, layout.plot.y + layout.plot.height / 2, "legend should sit low: \(box)")
        XCTAssertLessThan(box.x, layout.plot.x + layout.plot.width / 2, "lower left is free of data: \(box)")
        XCTAssertEqual(layout.hiddenSamples(in: box), 0)
    }

    func testPredictionChartBuilder() throws {
        let steps = Array(4000..<4200)
        let truth = steps.map { sin(Double($0) * 2 * .pi / 80) }
        let chart = try predictionChart(steps: steps, truth: truth, prediction: truth.map { $0 + 0.01 },
                                        context: (steps: Array(3920..<4000), values: Array(repeating: 0, count: 80)),
                                        title: "Sine", rmse: 0.0123)
        XCTAssertEqual(chart.subtitle, "RMSE 0.0123 over 200 steps")
        XCTAssertEqual(chart.series.map(\.label), ["context", "truth", "prediction"])
        XCTAssertEqual(chart.series.map(\.color), [.grey, .red, .blue])
        XCTAssertEqual(chart.series[1].x.first, 4000)
        XCTAssertEqual(chart.width, 1200)
        XCTAssertEqual(chart.height, 600)
        let layout = try ChartLayout(chart: chart)
        XCTAssertEqual(layout.xRange.low, 3920 - 0.02 * 279, accuracy: 1e-9, "2 % margin")
        XCTAssertEqual(layout.xRange.high, 4199 + 0.02 * 279, accuracy: 1e-9)
        XCTAssertThrowsError(try predictionChart(steps: [1, 2], truth: [1], prediction: [1, 2]))
        XCTAssertThrowsError(try predictionChart(steps: [Int](), truth: [], prediction: []))
    }

    func testLossChartBuilder() throws {
        let loss = (1...60).map { 0.3 * exp(-Double($0) / 8) + 0.001 }
        var valLoss: [Double?] = loss.map { $0 * 1.2 }
        valLoss[3] = nil
        let chart = try lossChart(loss: loss, valLoss: valLoss, bestEpoch: 52)
        XCTAssertEqual(chart.yScale, .log10)
        XCTAssertEqual(chart.series.map(\.label), ["loss", "val_loss"])
        XCTAssertTrue(chart.series[1].y[3].isNaN, "a missing val_loss is a gap")
        XCTAssertEqual(chart.markers.first?.x, 52)
        XCTAssertEqual(chart.markers.first?.label, "best epoch 52")
        XCTAssertEqual(chart.subtitle?.hasPrefix("60 epochs, best epoch 52: val_loss 0.00"), true, chart.subtitle ?? "")
        let canvas = try chart.render()
        let layout = try ChartLayout(chart: chart)
        // The dashed marker line is drawn in grey somewhere down its column.
        let column = Int(ChartLayout.crisp(layout.pixelX(52)))
        let greyRows = (Int(layout.plot.y)..<Int(layout.plot.maxY)).filter { canvas.pixel(x: column, y: $0) == .grey }
        XCTAssertGreaterThan(greyRows.count, 50)
        XCTAssertThrowsError(try lossChart(loss: []))
        XCTAssertThrowsError(try lossChart(loss: [1], valLoss: [1, 2]))
    }
}
