@testable import Plot
import XCTest

final class CanvasTests: XCTestCase {
    func testBlendIsSourceOverWithCoverage() {
        var canvas = Canvas(width: 2, height: 1)
        canvas.blend(x: 0, y: 0, color: .red, coverage: 0.5)
        // 0.5 · (214, 39, 40) + 0.5 · 255, rounded; then alpha 128/255 · (31, 119, 180) + (127/255) · 255.
        XCTAssertEqual(canvas.pixel(x: 0, y: 0), Color(red: 235, green: 147, blue: 148))
        canvas.blend(x: 1, y: 0, color: Color.blue.withOpacity(0.5), coverage: 1)
        XCTAssertEqual(canvas.pixel(x: 1, y: 0), Color(red: 143, green: 187, blue: 217))
        canvas.blend(x: 5, y: 5, color: .red, coverage: 1)  // outside: ignored, no trap
    }

    func testTwoPixelHorizontalLineFillsExactlyTwoRows() {
        var canvas = Canvas(width: 60, height: 40)
        canvas.strokeLine(from: Point(x: 10, y: 20), to: Point(x: 50, y: 20), width: 2, color: .black)
        XCTAssertEqual(canvas.pixel(x: 30, y: 19), .black)
        XCTAssertEqual(canvas.pixel(x: 30, y: 20), .black)
        XCTAssertEqual(canvas.pixel(x: 30, y: 18), .white)
        XCTAssertEqual(canvas.pixel(x: 30, y: 21), .white)
    }

    func testDiagonalLineIsAntiAliased() {
        var canvas = Canvas(width: 40, height: 40)
        canvas.strokeLine(from: Point(x: 5, y: 5), to: Point(x: 35, y: 17.3), width: 2, color: .black)
        let greys = Set(canvas.pixels.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)).filter { $0 != 0 && $0 != 255 }
        XCTAssertGreaterThan(greys.count, 10, "an anti-aliased edge has many intermediate levels")
    }

    func testNaNLeavesAGapAndNeverTraps() {
        var canvas = Canvas(width: 120, height: 20)
        var points = (0..<11).map { Point(x: Double($0) * 10 + 5, y: 10) }
        points[5] = Point(x: .nan, y: 10)
        canvas.strokePolyline(points, width: 2, color: .black)
        XCTAssertEqual(canvas.pixel(x: 30, y: 9), .black, "drawn before the gap")
        XCTAssertEqual(canvas.pixel(x: 80, y: 9), .black, "drawn after the gap")
        for x in 47...62 { XCTAssertEqual(canvas.pixel(x: x, y: 9), .white, "gap at x = \(x)") }
        canvas.strokePolyline([Point(x: .nan, y: .infinity), Point(x: -.infinity, y: 3)], width: 2, color: .black)
        canvas.strokePolyline([], width: 2, color: .black)
        canvas.strokePolyline([Point(x: 1e300, y: -1e300), Point(x: 5, y: 5)], width: 2, color: .black)
    }

    func testTranslucentJoinsBlendEachPixelOnce() {
        var canvas = Canvas(width: 60, height: 60)
        let zigzag = [Point(x: 5, y: 50), Point(x: 30, y: 10), Point(x: 55, y: 50), Point(x: 10, y: 30)]
        canvas.strokePolyline(zigzag, width: 6, color: Color.black.withOpacity(0.5))
        let darkest = stride(from: 0, to: canvas.pixels.count, by: 4).map { canvas.pixels[$0] }.min() ?? 0
        XCTAssertEqual(darkest, 127, "one blend of alpha 128/255 over white is 255 · 127/255 = 127; darker means double blending at a join")
    }

    func testClipKeepsOutsideUntouched() {
        var canvas = Canvas(width: 40, height: 40)
        canvas.strokeLine(from: Point(x: 0, y: 20), to: Point(x: 40, y: 20), width: 4, color: .black,
                          clip: Rect(x: 10, y: 0, width: 20, height: 40))
        XCTAssertEqual(canvas.pixel(x: 5, y: 20), .white)
        XCTAssertEqual(canvas.pixel(x: 15, y: 20), .black)
        XCTAssertEqual(canvas.pixel(x: 35, y: 20), .white)
    }

    func testDashedLineHasGaps() {
        var canvas = Canvas(width: 100, height: 10)
        canvas.strokeLine(from: Point(x: 0, y: 4.5), to: Point(x: 100, y: 4.5), width: 1, color: .black, dash: (on: 6, off: 4))
        let row = (0..<100).map { canvas.pixel(x: $0, y: 4) == .black }
        XCTAssertEqual(row.filter { $0 }.count, 60, accuracy: 6)
        XCTAssertTrue(row[2] && !row[8] && row[12])
    }

    func testFillRectCoverage() {
        var canvas = Canvas(width: 20, height: 20)
        canvas.fillRect(Rect(x: 2.5, y: 2, width: 3, height: 1), color: .black)
        XCTAssertEqual(canvas.pixel(x: 2, y: 2), Color(red: 128, green: 128, blue: 128), "half-covered pixel")
        XCTAssertEqual(canvas.pixel(x: 3, y: 2), .black)
    }
}
