import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Runs of multivariate lessons in-process: the errors only a run can give, at the
/// cell's line.
final class MultiSeriesRunTests: XCTestCase {
    /// Rows t = 0 … 29 of a = sin(t/3), b = t/10.
    private func sandbox(_ cells: String) throws -> LessonSandbox {
        let lesson = try LessonSandbox(name: "multi", text: "# Multi\n\n```setup\nseed = 1\nthreads = 1\n```\n" + cells)
        let rows = (0..<30).map { t in "\(t),\(sin(Double(t) / 3)),\(Double(t) / 10)" }
        try ("t,a,b\n" + rows.joined(separator: "\n") + "\n").write(toFile: lesson.folder + "/Lessons/ab.csv", atomically: true,
                                                                    encoding: .utf8)
        return lesson
    }

    private let model = "```model\ninput(shape: (4, 2))\nlstm(units: 3)\ndense(units: UNITS)\ncompile()\n```\n"

    func testAKnownInputNeedsTheHoldoutToHoldIt() throws {
        let lesson = try sandbox("```constants\nUNITS = 1\n```\n" + model
            + "```data\nseries(csv: \"ab.csv\", columns: [\"a\", \"b\"], target: \"a\", holdout: 3)\nwindows(length: 4)\n```\n"
            + "```fit\nfit(epochs: 1)\n```\n```validate\nforecast(steps: 5)\n```\n")
        defer { lesson.remove() }
        XCTAssertThrowsError(try lesson.run()) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 24, e.message)
            XCTAssertEqual(e.message, "'b' is a known input, not a target, so the forecast reads its next 5 values from the "
                           + "holdout, which holds 3; raise holdout: to at least 5, forecast fewer steps, or add 'b' to target:")
        }
    }

    func testUnitsOnlyARunKnowsAreCheckedAtTheFit() throws {
        // rand() is unknown to lesson check, so the mismatch (3 units, 2 × 1 targets) shows when the fit runs.
        let lesson = try sandbox("```constants\nUNITS = 3 + floor(rand() / 2)\n```\n" + model
            + "```data\nseries(csv: \"ab.csv\", columns: [\"a\", \"b\"], target: [\"b\"], holdout: 3, scale: \"standard\")\n"
            + "windows(length: 4, horizon: 2)\n```\n```fit\nfit(epochs: 1)\n```\n")
        defer { lesson.remove() }
        XCTAssertNoThrow(try LessonChecker.check(try LessonFile.load(lesson.lessonPath)))
        XCTAssertThrowsError(try lesson.run()) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 21, e.message)
            XCTAssertEqual(e.message, "the model ends in 3 units, but the targets are 2 steps × 1 column = 2 values a window "
                           + "(step-major, as Keras' Dense(2) then Reshape((2, 1))); end it with dense(units: 2)")
        }
    }
}
