@testable import Plot
import XCTest

/// Solid lines end round; dashes end square at their length, as matplotlib draws them.
final class LineCapTests: XCTestCase {
    func testDashesEndSquareAtTheirLength() {
        var canvas = Canvas(width: 100, height: 10)
        // 2 px wide along y = 5: rows 4 and 5 exactly; dashes 0–6, 10–16, … on whole pixels.
        canvas.strokeLine(from: Point(x: 0, y: 5), to: Point(x: 100, y: 5), width: 2, color: .black, dash: (on: 6, off: 4))
        for row in [4, 5] {
            let pixels = (0..<100).compactMap { canvas.pixel(x: $0, y: row) }
            XCTAssertEqual(Set(pixels), [.black, .white], "row \(row): square ends on pixel edges leave no grey")
            XCTAssertEqual(pixels.filter { $0 == .black }.count, 60, "row \(row): 10 dashes of 6 px")
            XCTAssertEqual(pixels[5], .black)
            XCTAssertEqual(pixels[6], .white, "the gap starts where the dash ends, not half a width later")
        }
    }

    func testSolidLinesEndRound() {
        var canvas = Canvas(width: 40, height: 20)
        canvas.strokeLine(from: Point(x: 10, y: 10), to: Point(x: 30, y: 10), width: 6, color: .black)
        // A round cap reaches 3 px past the end on the axis, less off it.
        XCTAssertEqual(canvas.pixel(x: 31, y: 10), .black)
        XCTAssertEqual(canvas.pixel(x: 32, y: 7), .white)
    }
}
