import XCTest
@testable import LessonEngine
@testable import LessonLanguage

final class SeriesTransformTests: XCTestCase {
    func testDifferenceThenScaleByHand() {
        // x = 1, 3, 6, 10, 15: differences y = 2, 3, 4, 5 (the first value has none),
        // mean 3.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        let x: [Double] = [1, 3, 6, 10, 15]
        let transform = SeriesTransform(lag: 1, scale: true, raw: [x])
        XCTAssertEqual(transform.scales?[0].mean ?? .nan, 3.5, accuracy: 1e-15)
        XCTAssertEqual(transform.scales?[0].std ?? .nan, 1.25.squareRoot(), accuracy: 1e-15)
        let z = transform.forward(x, column: 0)
        let s = 1.25.squareRoot()
        XCTAssertEqual(z.count, 4)
        for (got, want) in zip(z, [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        // A held-out 21 after 15 is the difference 6, z = 2.5 / s.
        let known = transform.forward(x + [21], column: 0, from: 5)
        XCTAssertEqual(known.count, 1)
        XCTAssertEqual(known[0], 2.5 / s, accuracy: 1e-12)
        // Forecast z of differences 6 and 7 go back to 15 + 6 = 21 and 21 + 7 = 28.
        let back = transform.inverse([2.5 / s, 3.5 / s], column: 0, history: x)
        XCTAssertEqual(back[0], 21, accuracy: 1e-12)
        XCTAssertEqual(back[1], 28, accuracy: 1e-12)
    }

    func testSeasonalDifferenceUsesTheForecastOnceThePastRunsOut() {
        // Lag 3: every difference is 10, a constant, so the scale's std falls back to 1.
        let x: [Double] = [1, 2, 3, 11, 12, 13, 21, 22, 23]
        let transform = SeriesTransform(lag: 3, scale: true, raw: [x])
        XCTAssertEqual(transform.scales?[0].mean, 10)
        XCTAssertEqual(transform.scales?[0].std, 1)
        XCTAssertEqual(transform.forward(x, column: 0), [0, 0, 0, 0, 0, 0])
        // z = 0 is a difference of 10: 31, 32, 33 from the last season, then 41 from the forecast's own 31.
        XCTAssertEqual(transform.inverse([0, 0, 0, 0], column: 0, history: x), [31, 32, 33, 41])
    }

    func testRoundTripsWithoutLoss() {
        let x = (0..<50).map { t in 3 + 0.2 * Double(t) + sin(Double(t) / 2) * 4 }
        for (lag, scale) in [(0, true), (1, false), (1, true), (12, true), (0, false)] {
            let train = Array(x[0..<40]), future = Array(x[40...])
            let transform = SeriesTransform(lag: lag, scale: scale, raw: [train])
            let z = transform.forward(x, column: 0, from: 40)
            let back = transform.inverse(z, column: 0, history: train)
            for (got, want) in zip(back, future) { XCTAssertEqual(got, want, accuracy: 1e-10, "lag \(lag), scale \(scale)") }
            XCTAssertEqual(transform.forward(train, column: 0).count, 40 - lag)
        }
        // Scaling alone: mean 0 and variance 1 over the training values.
        let z = SeriesTransform(lag: 0, scale: true, raw: [x]).forward(x, column: 0)
        let mean = z.reduce(0, +) / Double(z.count)
        XCTAssertEqual(mean, 0, accuracy: 1e-12)
        XCTAssertEqual(z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count), 1, accuracy: 1e-12)
    }

    func testForecastFileKeepsAColumnPairPerPredictedColumn() throws {
        let result = ForecastResult(steps: [10, 11], columns: ["a", "b c"], truth: [1, 2, 3, 4], predictions: [1.5, 2, 2, 4])
        let text = ForecastFile.text(result)
        XCTAssertEqual(text, "step,truth_a,prediction_a,truth_b c,prediction_b c\n10,1.0,1.5,2.0,2.0\n11,3.0,2.0,4.0,4.0\n")
        let read = try XCTUnwrap(ForecastFile.parse(Array(text.utf8)))
        XCTAssertEqual(read.columns, ["a", "b c"])
        XCTAssertEqual(read.truth(of: 0), [1, 3])
        XCTAssertEqual(read.predictions(of: 1), [2, 4])
        // Errors 0.5, 0, 1, 0: rmse sqrt(1.25 / 4), column a sqrt((0.25 + 1) / 2), column b 0.
        XCTAssertEqual(read.rmse, (1.25 / 4).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(read.errors(of: 0).rmse, (1.25 / 2).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(read.errors(of: 0).mae, 0.75, accuracy: 1e-15)
        XCTAssertEqual(read.errors(of: 1).rmse, 0)
        // A univariate forecast keeps the seed's header.
        XCTAssertTrue(ForecastFile.text(ForecastResult(steps: [3], truth: [1], predictions: [2])).hasPrefix("step,truth,prediction\n3,"))
        XCTAssertEqual(ForecastPlan.bindingSuffix("b c"), "b_c")
    }
}
