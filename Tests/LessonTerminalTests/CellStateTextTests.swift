import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

final class CellStateTextTests: XCTestCase {
    func testColumnsLineUpWhateverTheNames() {
        let states = [
            CellState(index: 1, kind: .setup, name: nil, line: 9, status: .fresh, lastResult: "seed 0"),
            CellState(index: 6, kind: .validate, name: "faithful-forecast", line: 166, status: .neverRun, lastResult: nil),
            CellState(index: 10, kind: .fit, name: "improved", line: 1198, status: .stale("EPOCH_NM 4 → 3"), lastResult: "4 epochs"),
        ]
        XCTAssertEqual(CellStateText.lines(states), [
            "1   setup                         line 9     fresh  (last: seed 0)",
            "6   validate \"faithful-forecast\"  line 166   never run",
            "10  fit \"improved\"                line 1198  stale: EPOCH_NM 4 → 3  (last: 4 epochs)",
        ])
    }
}
