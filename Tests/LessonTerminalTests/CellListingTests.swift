import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// A cell as `lesson step` lists it, with the values `--set` replaces marked.
final class CellListingTests: XCTestCase {
    /// The constants cell of a small lesson, listed with `--set N_HIDDEN=16` marked.
    private func listing(_ style: TerminalStyle) throws -> String {
        let lesson = try LessonParser.parse("# T\n\n```constants\nN_HIDDEN = 300   # hidden units\nEPOCH_NM = 1000\n```\n", path: "t.md")
        let replacement = OverrideReplacement(name: "N_HIDDEN", value: .int(16), lessonValue: .int(300), line: 4)
        return CellListing.render(try XCTUnwrap(lesson.cells.first), in: lesson, style: style, replacements: [replacement])
    }

    func testTheMarkFollowsItsLineWhereItFits() throws {
        XCTAssertEqual(try listing(.plain), """
            3 | ```constants
            4 | N_HIDDEN = 300   # hidden units  → 16 (--set)
            5 | EPOCH_NM = 1000
            6 | ```
            """)
        let coloured = try listing(TerminalStyle(color: true, width: 80))
        XCTAssertTrue(coloured.contains("\u{1B}[2m4 │\u{1B}[0m N_HIDDEN = 300   # hidden units  \u{1B}[33m→ 16 (--set)\u{1B}[0m\n"),
                      coloured)
    }

    /// The gutter (4) + the line (31) + 2 + the mark (12) = 49 columns: in 48 the mark
    /// goes under its line, naming the constant.
    func testTheMarkGoesUnderItsLineWhereItWouldNotFit() throws {
        let line = "4 | N_HIDDEN = 300   # hidden units"
        XCTAssertEqual(try listing(TerminalStyle(color: false, width: 49)).components(separatedBy: "\n")[1], line + "  → 16 (--set)")
        XCTAssertEqual(try listing(TerminalStyle(color: false, width: 48)).components(separatedBy: "\n")[1...3],
                       [line, "  | N_HIDDEN → 16 (--set)", "5 | EPOCH_NM = 1000"])
    }
}
