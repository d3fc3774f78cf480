import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Deciding what a save touches: which cells it changed, and whether the fit that
/// trains still belongs to the lesson.
final class LessonEditTests: XCTestCase {
    private static let lesson = """
        # Tide

        Some prose.

        ```setup
        seed = 0
        ```

        ```constants
        N = 4
        TIDE = "data/tide.csv"
        ```

        ```data
        series(csv: TIDE, column: "level", holdout: 10)
        windows(length: N)
        ```

        ```model
        input(shape: (N, 1))
        lstm(units: 3)
        dense(units: 1)
        compile(loss: "mean_squared_error", optimizer: rmsprop(learning_rate: 0.01))
        ```

        ```fit
        fit(batch_size: 8, epochs: 100, validation_split: 0.2, shuffle: false)
        ```

        ```validate
        load_model("best")
        forecast(steps: 10)
        ```
        """

    private func snapshot(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> LessonSnapshot? {
        parseLesson(text, path: "Lessons/tide.md", file: file, line: line).map(LessonSnapshot.init)
    }

    private func edited(_ old: String, _ new: String) -> LessonSnapshot? {
        snapshot(Self.lesson.replacingOccurrences(of: old, with: new))
    }

    func testASnapshotKnowsTheFilesCellsRead() throws {
        let tide = try XCTUnwrap(snapshot(Self.lesson))
        XCTAssertEqual(tide.cells.map(\.label), ["cell 1 setup", "cell 2 constants", "cell 3 data", "cell 4 model",
                                                 "cell 5 fit", "cell 6 validate"])
        XCTAssertEqual(tide.cells[2].reads, ["Lessons/data/tide.csv"], "through a name bound to a string, from the lesson's folder")
        XCTAssertEqual(tide.inputs, ["Lessons/data/tide.csv"], "load_model(\"best\") reads no file of the lesson's")
    }

    func testProseCommentsAndSpacingChangeNoCell() throws {
        let tide = try XCTUnwrap(snapshot(Self.lesson))
        let prose = try XCTUnwrap(edited("Some prose.", "Other prose, longer."))
        let comment = try XCTUnwrap(edited("fit(batch_size: 8,", "# a comment\nfit(batch_size:   8,"))
        for now in [prose, comment] {
            XCTAssertEqual(LessonEdit.describe(from: tide, to: now, files: ["Lessons/tide.md"]), "no cell changed")
            XCTAssertFalse(LessonEdit.touchesFit(5, running: tide, now: now, files: ["Lessons/tide.md"]))
        }
    }

    func testAnEditToTheFitOrUpstreamTouchesIt() throws {
        let tide = try XCTUnwrap(snapshot(Self.lesson))
        for (old, new, changed) in [("epochs: 100", "epochs: 200", "cell 5 fit"), ("N = 4", "N = 5", "cell 2 constants"),
                                    ("seed = 0", "seed = 1", "cell 1 setup"), ("units: 3", "units: 4", "cell 4 model"),
                                    ("windows(length: N)", "windows(length: N)\nshuffle()", "cell 3 data")] {
            let now = try XCTUnwrap(edited(old, new))
            XCTAssertEqual(LessonEdit.describe(from: tide, to: now, files: ["Lessons/tide.md"]), changed)
            XCTAssertTrue(LessonEdit.touchesFit(5, running: tide, now: now, files: ["Lessons/tide.md"]), "\(old) → \(new)")
        }
    }

    func testAnEditToALaterCellLeavesTheFit() throws {
        let tide = try XCTUnwrap(snapshot(Self.lesson))
        let now = try XCTUnwrap(edited("forecast(steps: 10)", "forecast(steps: 20)"))
        XCTAssertEqual(LessonEdit.describe(from: tide, to: now, files: ["Lessons/tide.md"]), "cell 6 validate")
        XCTAssertFalse(LessonEdit.touchesFit(5, running: tide, now: now, files: ["Lessons/tide.md"]))
    }

    func testACellInsertedOrRemovedBeforeTheFitTouchesIt() throws {
        let tide = try XCTUnwrap(snapshot(Self.lesson))
        let inserted = try XCTUnwrap(edited("```fit", "```constants\nM = 1\n```\n\n```fit"))
        XCTAssertTrue(LessonEdit.touchesFit(5, running: tide, now: inserted, files: ["Lessons/tide.md"]))
        let removed = try XCTUnwrap(edited("```setup\nseed = 0\n```", ""))
        XCTAssertTrue(LessonEdit.touchesFit(5, running: tide, now: removed, files: ["Lessons/tide.md"]))
        XCTAssertEqual(LessonEdit.describe(from: removed, to: tide, files: []), "cells 1 setup, 2 constants, 3 data, 4 model, 5 fit, 6 validate")
        let lastRemoved = try XCTUnwrap(edited("```validate\nload_model(\"best\")\nforecast(steps: 10)\n```", ""))
        XCTAssertEqual(LessonEdit.describe(from: tide, to: lastRemoved, files: ["Lessons/tide.md"]), "1 cell removed")
    }

    func testACSVIsUpstreamOfTheDataCellThatReadsIt() throws {
        let tide = try XCTUnwrap(snapshot(Self.lesson))
        XCTAssertTrue(LessonEdit.touchesFit(5, running: tide, now: tide, files: ["Lessons/data/tide.csv"]))
        XCTAssertEqual(LessonEdit.describe(from: tide, to: tide, files: ["Lessons/data/tide.csv"]), "cell 3 data")
        XCTAssertFalse(LessonEdit.touchesFit(2, running: tide, now: tide, files: ["Lessons/data/tide.csv"]),
                       "a fit before the data cell does not read it")
        XCTAssertFalse(LessonEdit.touchesFit(5, running: tide, now: tide, files: ["Lessons/data/other.csv"]))
    }

    func testALessonThatNoLongerParsesLeavesTheFit() throws {
        let tide = try XCTUnwrap(snapshot(Self.lesson))
        XCTAssertFalse(LessonEdit.touchesFit(5, running: tide, now: nil, files: ["Lessons/tide.md"]))
        // A cell whose statements do not parse compares by its text: the save changed it.
        let broken = try XCTUnwrap(edited("epochs: 100,", "epochs: (100,"))
        XCTAssertTrue(LessonEdit.touchesFit(5, running: tide, now: broken, files: ["Lessons/tide.md"]))
    }
}
