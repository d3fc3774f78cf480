import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// A sweep's grid is counted before any combination is made: `--sweep A=1..2000`
/// three times (8·10^9 combinations) grew to 12.5 GB building them all as a list.
final class SweepGridTests: XCTestCase {
    private func axis(_ name: String, _ count: Int) -> SweepAxis {
        SweepAxis(name: name, values: (1...count).map(String.init))
    }

    func testAGridOfBillionsIsCountedNotBuilt() throws {
        let grid = SweepGrid([axis("A", 2000), axis("B", 2000), axis("C", 2000)])
        XCTAssertEqual(grid.count, 8_000_000_000)
        // Any combination is made from its position alone: the last one, first axis slowest.
        XCTAssertEqual(grid.combination(at: 8_000_000_000 - 1).map(\.value), ["2000", "2000", "2000"])
        XCTAssertEqual(grid.combination(at: 2000 * 2000 + 2000 + 2).map(\.value), ["2", "2", "3"])
        XCTAssertThrowsError(try grid.check(shard: nil)) { error in
            XCTAssertEqual((error as? LessonError)?.exitCode, 64)
            XCTAssertEqual((error as? LessonError)?.message,
                           "--sweep gives 8,000,000,000 combinations (2,000 × 2,000 × 2,000); at most 10,000 run in one command: "
                           + "sweep fewer values, or split the sweep into 800,000 or more shards "
                           + "(--shard K/800000, K from 1 to 800000, each its own command)")
        }
    }

    /// The product is counted without overflow: 2^64 combinations are "more than" Int.max.
    func testAnOverflowingGridIsRefused() {
        let grid = SweepGrid((0..<64).map { axis("N\($0)", 2) })
        XCTAssertNil(grid.count)
        XCTAssertThrowsError(try grid.check(shard: nil)) { error in
            XCTAssertEqual((error as? LessonError)?.message, "--sweep gives more than 9,223,372,036,854,775,807 combinations ("
                           + Array(repeating: "2", count: 64).joined(separator: " × ") + "); at most 10,000 run in one command: "
                           + "sweep fewer values")
        }
    }

    /// A shard counts its own part, so a grid too large for one command can be spread.
    func testAShardCountsItsOwnPart() throws {
        let grid = SweepGrid([axis("A", 200), axis("B", 100)])
        XCTAssertThrowsError(try grid.check(shard: nil))
        XCTAssertNoThrow(try grid.check(shard: try SweepShard.parse("2/2")))
        XCTAssertEqual(grid.countRun(by: try SweepShard.parse("2/3")), 6_667)
        XCTAssertEqual(Array(grid.positions(for: try SweepShard.parse("3/3")).prefix(2)), [2, 5])
        XCTAssertThrowsError(try grid.check(shard: try SweepShard.parse("1/1"), limit: 10_000)) { error in
            XCTAssertEqual((error as? LessonError)?.message,
                           "--shard 1/1 runs 20,000 of the 20,000 combinations --sweep gives (200 × 100); at most 10,000 run in "
                           + "one command: sweep fewer values, or split the sweep into 2 or more shards "
                           + "(--shard K/2, K from 1 to 2, each its own command)")
        }
        XCTAssertThrowsError(try grid.check(shard: nil, limit: 19_999))
        XCTAssertNoThrow(try grid.check(shard: nil, limit: 20_000))
    }

    /// The sweep refuses before anything else: the lesson is not even read.
    func testTheSweepRefusesBeforeItReadsTheLesson() throws {
        let values = (1...2000).map(String.init).joined(separator: ",")
        let axes = try ["A", "B", "C"].map { try SweepAxis.parse("\($0)=\(values)") }
        let runner = SweepRunner(options: RunOptions(lessonPath: "/nonexistent/lesson.md"), axes: axes, shard: nil,
                                 observer: SilentObserver(), interrupt: Interrupt())
        XCTAssertThrowsError(try runner.run()) { error in
            XCTAssertEqual((error as? LessonError)?.exitCode, 64)
            XCTAssertTrue((error as? LessonError)?.message.hasPrefix("--sweep gives 8,000,000,000 combinations") ?? false, "\(error)")
        }
    }

    /// `1..10` is no value of the cell language; the message says what to write instead.
    func testARangeIsExplained() {
        XCTAssertThrowsError(try SweepAxis.parse("A=1..2000")) { error in
            XCTAssertEqual((error as? LessonError)?.message, "--sweep A=1..2000: 1..2000: --sweep takes a list of values, not "
                           + "a range; list them (a shell writes the list: --sweep A=$(seq -s, 1 10))")
        }
    }
}
