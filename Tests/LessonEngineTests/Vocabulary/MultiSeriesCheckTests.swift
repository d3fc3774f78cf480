import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// `lesson check` on the words of issue 14: several columns, targets, horizons, scaling,
/// differencing and per-column plots, with the line and column of each error.
final class MultiSeriesCheckTests: XCTestCase {
    private let model = "```model\ninput(shape: (4, 3))\nlstm(units: 5)\ndense(units: 4)\ncompile()\n```\n"   // lines 1-6
    private let data = "```data\nseries(csv: \"d.csv\", columns: [\"a\", \"b\", \"c\"], target: [\"b\", \"c\"], holdout: 9, "
        + "difference: 1, scale: \"standard\")\nwindows(length: 4, horizon: 2)\n```\n"                              // lines 7-10

    private func assertCheckFails(_ text: String, _ message: String, line: Int, column: Int = 1,
                                  file: StaticString = #filePath, testLine: UInt = #line) throws {
        let lesson = try LessonParser.parse(text, path: "x.md")
        XCTAssertThrowsError(try LessonChecker.check(lesson), message, file: file, line: testLine) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)", file: file, line: testLine) }
            XCTAssertEqual(e.message, message, file: file, line: testLine)
            XCTAssertEqual(e.file, "x.md", file: file, line: testLine)
            XCTAssertEqual(e.line, line, message, file: file, line: testLine)
            XCTAssertEqual(e.column, column, message, file: file, line: testLine)
        }
    }

    func testAMultivariateLessonChecksAndBindsPerColumnMetrics() throws {
        let text = model + data + "```fit\nfit(epochs: 2)\n```\n```validate\nforecast(steps: 5)\nplot(column: \"c\")\n"
            + "expect(rmse_b < 1 and mae_c < 1 and rmse < 1 and len_b == 5)\n```\n"
        let lesson = try LessonParser.parse(text.replacingOccurrences(of: " and len_b == 5", with: ""), path: "x.md")
        XCTAssertNoThrow(try LessonChecker.check(lesson))
        // The names a forecast of several columns binds are known to the checker: a typo is caught.
        try assertCheckFails(text.replacingOccurrences(of: "rmse_b", with: "rmse_x").replacingOccurrences(of: " and len_b == 5", with: ""),
                             "unknown name 'rmse_x' (did you mean 'rmse_b'?)", line: 17, column: 8)
    }

    func testPlotsOfSeveralColumnsNameOne() throws {
        let head = model + data + "```fit\nfit()\n```\n```validate\nforecast(steps: 5)\n"
        try assertCheckFails(head + "plot(file: \"p.png\")\n```\n",
                             "the forecast predicts 2 columns; plot(column:) chooses the one to draw: \"b\", \"c\"", line: 16)
        try assertCheckFails(head + "plot(column: \"a\")\n```\n",
                             "plot(column: \"a\") draws a predicted column, and the forecast predicts \"b\", \"c\"", line: 16)
    }

    func testShapesMeetAtTheFit() throws {
        try assertCheckFails(model.replacingOccurrences(of: "units: 4)", with: "units: 3)") + data + "```fit\nfit()\n```\n",
                             "the model ends in 3 units, but the targets are 2 steps × 2 columns = 4 values a window (step-major, "
                             + "as Keras' Dense(4) then Reshape((2, 2))); end it with dense(units: 4)", line: 12)
        try assertCheckFails(model.replacingOccurrences(of: "(4, 3)", with: "(4, 2)") + data + "```fit\nfit()\n```\n",
                             "input(shape:) has 2 features a step, but the series gives 3 columns a step; use (steps, 3)", line: 12)
        try assertCheckFails(model + data + "```fit\nfit(rollout: 3)\n```\n",
                             "rollout: 3 feeds one predicted value back into windows of one column; it does not work yet with "
                             + "windows(horizon: 2); use rollout: 1", line: 12)
        let oneStep = data.replacingOccurrences(of: ", horizon: 2", with: "").replacingOccurrences(of: "target: [\"b\", \"c\"]", with: "target: \"b\"")
        try assertCheckFails(model.replacingOccurrences(of: "units: 4)", with: "units: 1)") + oneStep + "```fit\nfit(rollout: 2)\n```\n",
                             "rollout: 2 feeds one predicted value back into windows of one column; it does not work yet with "
                             + "3 columns; use rollout: 1", line: 12)
    }

    func testSeriesArguments() throws {
        let cases: [(String, String, Int)] = [
            ("series(csv: \"d.csv\", columns: [\"a\", \"b\"], target: \"c\")", "target: \"c\" is not one of columns: \"a\", \"b\"", 2),
            ("series(csv: \"d.csv\", column: \"a\", target: \"a\")",
             "target: chooses the predicted columns among columns: [...]; give columns: too", 2),
            ("series(csv: \"d.csv\", column: \"a\", columns: [\"a\"])", "series takes one column: or a list of columns:, not both", 2),
            ("series(csv: \"d.csv\", columns: [\"a\", \"a\"])", "columns: names \"a\" twice; name each column once", 2),
            ("series(sin, count: 9, target: \"a\")", "series takes either a function and count, or csv:; 'target' goes with csv:", 2),
            ("series(sin, count: 9, difference: 2)\nwindows(length: 5, horizon: 3)",
             "the series has 7 values; windows of 5 steps with a horizon of 3 need at least 8", 3),
        ]
        for (cell, message, line) in cases { try assertCheckFails("```data\n\(cell)\n```\n", message, line: line) }
        let lesson = try LessonParser.parse("```data\nseries(sin, count: 9, scale: \"minmax\")\n```\n", path: "x.md")
        XCTAssertThrowsError(try LessonChecker.check(lesson)) { error in
            XCTAssertTrue((error as? LessonError)?.message.contains("one of \"standard\"") == true, "\(error)")
        }
        let horizon = try LessonParser.parse("```data\nseries(sin, count: 9)\nwindows(length: 5, horizon: 0)\n```\n", path: "x.md")
        XCTAssertThrowsError(try LessonChecker.check(horizon)) { error in
            XCTAssertEqual((error as? LessonError)?.line, 3)
        }
    }

    func testNewArgumentsChangeTheCellsKey() throws {
        // Keys hash the canonical statements, so every new argument is part of them.
        let plain = try LessonParser.parse("```data\nseries(sin, count: 9)\nwindows(length: 5)\n```\n", path: "x.md")
        var texts: Set<String> = [try CanonicalCell.text(of: plain.cells[0])]
        for variant in ["series(sin, count: 9, scale: \"standard\")\nwindows(length: 5)",
                        "series(sin, count: 9, difference: 1)\nwindows(length: 5)",
                        "series(sin, count: 9, difference: 2)\nwindows(length: 5)",
                        "series(sin, count: 9)\nwindows(length: 5, horizon: 2)"] {
            let lesson = try LessonParser.parse("```data\n\(variant)\n```\n", path: "x.md")
            texts.insert(try CanonicalCell.text(of: lesson.cells[0]))
        }
        XCTAssertEqual(texts.count, 5)
    }
}
