import XCTest
@testable import LSTMCore

final class WindowedSeriesTests: XCTestCase {
    func testWindowsLikeTheSeedsMkTraindata() {
        let series: [Double] = [0, 1, 2, 3, 4, 5]
        let windows = WindowedSeries.windows(of: series, length: 3)
        XCTAssertEqual(windows.count, 3, "for i in range(0, len - LEN_SEQ)")
        XCTAssertEqual(windows.timesteps, 3)
        XCTAssertEqual(windows.features, 1)
        XCTAssertEqual(windows.inputs, [0, 1, 2, 1, 2, 3, 2, 3, 4])
        XCTAssertEqual(windows.targets, [3, 4, 5])
        XCTAssertEqual(WindowedSeries.windows(of: [1, 2], length: 3).count, 0)
    }

    func testSeedSeriesGives3920Windows() {
        let windows = WindowedSeries.windows(of: sineSeries(count: 4000, period: 80), length: 80)
        XCTAssertEqual(windows.count, 3920)
        XCTAssertEqual(windows.inputs.count, 3920 * 80)
        XCTAssertEqual(Double(windows.targets[0]), sin(80 * 2 * Double.pi / 80), accuracy: 1e-6)
    }

    func testPermutedReordersWindowsAndTargets() throws {
        let windows = WindowedSeries.windows(of: [0, 1, 2, 3, 4, 5], length: 3)
        let shuffled = try windows.permuted(by: [2, 0, 1])
        XCTAssertEqual(shuffled.inputs, [2, 3, 4, 0, 1, 2, 1, 2, 3])
        XCTAssertEqual(shuffled.targets, [5, 3, 4])
        XCTAssertThrowsError(try windows.permuted(by: [0, 1]))
        XCTAssertThrowsError(try windows.permuted(by: [0, 0, 1]))
        XCTAssertThrowsError(try windows.permuted(by: [0, 1, 3]))
    }

    func testValidationSplitIndexAsKeras() {
        XCTAssertEqual(validationSplitIndex(count: 90, split: 0.3), 62, "floor(90 · 0.7) in Double is 62, not 63")
        XCTAssertEqual(validationSplitIndex(count: 3920, split: 0.3), 2744)
        XCTAssertEqual(validationSplitIndex(count: 10, split: 0), 10)
        XCTAssertEqual(validationSplitIndex(count: 7, split: 0.5), 3)
    }
}
