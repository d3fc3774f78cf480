import Foundation
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// What a run's charts say about the run: the subtitle names how it differs from the
/// lesson as written, the PNG's text chunks record lesson, cell, overrides, seed, best
/// epoch, RMSE, the command and the program's version, and `plot(scale:)` doubles both
/// charts. Expected values come from the run's own CSV and epochs, not from a chart.
final class ChartRecordTests: LessonRunningTestCase {
    /// RMSE of forecast.csv (`step,truth,prediction`), computed here.
    private func rmse(_ csv: Data?) -> Double {
        let rows = String(decoding: csv ?? Data(), as: UTF8.self).split(separator: "\n").dropFirst()
        let errors = rows.compactMap { row -> Double? in
            let fields = row.split(separator: ",").compactMap { Double($0) }
            return fields.count == 3 ? fields[2] - fields[1] : nil
        }
        XCTAssertEqual(errors.count, 40, "forecast.csv rows")
        return (errors.map { $0 * $0 }.reduce(0, +) / Double(max(1, errors.count))).squareRoot()
    }

    /// The text chunks of `path` as read back by libpng.
    private func chunks(_ path: String) throws -> [String: String] {
        Dictionary(try PNGReader.read(path).text.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    func testAnOverriddenRunSaysSoInItsSubtitlesAndRecordsItselfInItsChunks() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = try sandbox.run(overrides: ["N_HIDDEN=5", "seed=1"])
        let prediction = sandbox.results + "/prediction.png", loss = sandbox.results + "/loss.png"
        let expectedRMSE = rmse(sandbox.contents("forecast.csv"))
        XCTAssertEqual(observer.charts[prediction]?.subtitle,
                       "RMSE \(String(format: "%.4g", expectedRMSE)) over 40 steps; N_HIDDEN=5, seed 1")
        let lossSubtitle = observer.charts[loss]?.subtitle ?? ""
        XCTAssertTrue(lossSubtitle.hasPrefix("4 epochs, best epoch ") && lossSubtitle.hasSuffix("; N_HIDDEN=5, seed 1"), lossSubtitle)
        let best = try XCTUnwrap(observer.epochs.min { ($0.valLoss ?? .infinity) < ($1.valLoss ?? .infinity) }?.epoch)
        for path in [prediction, loss] {
            let text = try chunks(path)
            XCTAssertEqual(text["Software"], "lesson " + LessonVersion.current, path)
            XCTAssertEqual(text["Lesson"], "01-small-sine.md", "given outside the working folder: the file name alone")
            XCTAssertEqual(text["Cell"], "6", path)
            XCTAssertEqual(text["Overrides"], "N_HIDDEN=5, seed=1", path)
            XCTAssertEqual(text["Seed"], "1", path)
            XCTAssertEqual(text["Threads"], "1", path)
            XCTAssertEqual(text["Best epoch"], "\(best)", path)
            let recorded = try XCTUnwrap(Double(text["RMSE"] ?? ""), "\(text)")
            XCTAssertEqual(recorded, expectedRMSE, accuracy: expectedRMSE * 6e-4, "4 significant digits")
            XCTAssertEqual(text["Command"], "lesson run 01-small-sine.md --set N_HIDDEN=5 --set seed=1", path)
        }
        XCTAssertEqual(try chunks(prediction)["Title"], "A small sine wave")
        XCTAssertEqual(try chunks(loss)["Title"], "A small sine wave: loss")
        let image = try PNGReader.read(prediction)
        XCTAssertEqual([image.width, image.height], [1200, 600], "scale 1 by default")
    }

    func testOverridesThatRepeatTheLessonLeaveTheSubtitleAlone() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = try sandbox.run(overrides: ["seed=0", "threads=1", "EPOCH_NM=4"])
        let subtitles = [sandbox.results + "/prediction.png", sandbox.results + "/loss.png"].map { observer.charts[$0]?.subtitle ?? "" }
        XCTAssertTrue(subtitles[0].hasPrefix("RMSE ") && subtitles[0].hasSuffix(" over 40 steps"), subtitles[0])
        XCTAssertFalse(subtitles[1].contains(";"), subtitles[1])
        let text = try chunks(sandbox.results + "/prediction.png")
        XCTAssertEqual(text["Overrides"], "seed=0, threads=1, EPOCH_NM=4", "the record keeps every override given")
    }

    func testALessonGivenRelativelyIsRecordedAsGivenWithoutAnyAbsolutePath() throws {
        try FileManager.default.createDirectory(atPath: workingFolder + "/Lessons", withIntermediateDirectories: true)
        try smallLesson.write(toFile: workingFolder + "/Lessons/01-small-sine.md", atomically: true, encoding: .utf8)
        var options = RunOptions(lessonPath: "Lessons/01-small-sine.md")
        options.overrides = ["EPOCH_NM=2"]
        options.threads = 2
        let observer = RecordingObserver()
        try LessonRunner(options: options, observer: observer).run()
        let path = "result/01-small-sine/prediction.png"
        XCTAssertTrue(observer.charts[path]?.subtitle?.hasSuffix(" over 40 steps; EPOCH_NM=2, 2 threads") == true,
                      observer.charts[path]?.subtitle ?? "no chart")
        let text = try chunks(path)
        XCTAssertEqual(text["Lesson"], "Lessons/01-small-sine.md")
        XCTAssertEqual(text["Command"], "lesson run Lessons/01-small-sine.md --set EPOCH_NM=2 --threads 2")
        XCTAssertEqual(text["Threads"], "2")
        let home = NSHomeDirectory()
        for (key, value) in text {
            XCTAssertFalse(value.hasPrefix("/") || value.contains(" /"), "\(key): \(value)")
            XCTAssertFalse(value.contains(workingFolder), "\(key): \(value)")
            if home.count > 1 { XCTAssertFalse(value.contains(home), "\(key): \(value)") }
        }
    }

    func testShareableLessonPathsAreNeverExpanded() {
        XCTAssertEqual(ShareableCommand.lessonPath("Lessons/a.md", currentFolder: "/home/alice/lesson"), "Lessons/a.md")
        XCTAssertEqual(ShareableCommand.lessonPath("../b/a.md", currentFolder: "/home/alice/lesson"), "../b/a.md")
        XCTAssertEqual(ShareableCommand.lessonPath("/home/alice/lesson/Lessons/a.md", currentFolder: "/home/alice/lesson"), "Lessons/a.md")
        XCTAssertEqual(ShareableCommand.lessonPath("/home/alice/lesson/Lessons/a.md", currentFolder: "/home/alice/lesson/"), "Lessons/a.md")
        XCTAssertEqual(ShareableCommand.lessonPath("/home/alice/other/a.md", currentFolder: "/home/alice/lesson"), "a.md")
        XCTAssertEqual(ShareableCommand.lessonPath("/home/alice/lessons/a.md", currentFolder: "/home/alice/lesson"), "a.md",
                       "a folder whose name only starts like the current one is outside it")
        XCTAssertEqual(ShareableCommand.lessonPath("/home/alice/a.md", currentFolder: "/"), "a.md")
        XCTAssertEqual(ShareableCommand.text(["run", "my lesson.md", "--set", "NAME=\"x\""]),
                       "lesson run 'my lesson.md' --set 'NAME=\"x\"'")
    }

    /// The run's variation as a run prepares it: from checking `lesson` with the overrides.
    private func variation(_ lesson: Lesson, _ options: RunOptions) throws -> RunVariation {
        var overrides: [String: Value] = [:]
        for text in options.overrides {
            let parsed = try Override.parse(text)
            overrides[parsed.name] = parsed.value
        }
        return try RunVariation(checked: LessonChecker.check(lesson, overrides: overrides, options: options), options: options)
    }

    func testTheNoteListsOnlyWhatDiffersFromTheLessonAsWritten() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let lesson0 = try LessonFile.load(sandbox.lessonPath)
        func note(_ overrides: [String], threads: Int? = nil, of lesson: Lesson? = nil) throws -> String? {
            let lesson = lesson ?? lesson0
            var options = RunOptions(lessonPath: sandbox.lessonPath)
            options.overrides = overrides
            options.threads = threads
            return try variation(lesson, options).note
        }
        XCTAssertNil(try note([]))
        XCTAssertNil(try note(["EPOCH_NM=4", "seed=0", "threads=1"]), "the values the lesson writes")
        XCTAssertEqual(try note(["EPOCH_NM=5", "seed=2"]), "EPOCH_NM=5, seed 2")
        XCTAssertEqual(try note(["EPOCH_NM=5", "EPOCH_NM=4"]), nil, "the last of a name given twice counts")
        XCTAssertEqual(try note(["seed=2", "N_HIDDEN=7"]), "seed 2, N_HIDDEN=7", "in the order given")
        XCTAssertNil(try note([], threads: 1))
        XCTAssertEqual(try note([], threads: 3), "3 threads")
        XCTAssertNil(try note(["threads=4"], threads: 1), "--threads decides over --set threads")
        XCTAssertEqual(try note(["threads=4"]), "4 threads")
        // --set result_dir needs a setup that sets it (checking refuses it otherwise).
        try sandbox.write(smallLesson.replacingOccurrences(of: "```setup\nseed = 0\n", with: "```setup\nseed = 0\nresult_dir = \"result/here\"\n"))
        let withFolder = try LessonFile.load(sandbox.lessonPath)
        XCTAssertNil(try note(["result_dir=\"result/other\""], of: withFolder), "where results go is not what they are")

        // No setup cell: the run's defaults are seed 0 and one thread per core.
        try sandbox.write(smallLesson.replacingOccurrences(of: "```setup\nseed = 0\nthreads = 1\n```\n", with: ""))
        let bare = try LessonFile.load(sandbox.lessonPath)
        XCTAssertFalse(bare.cells.contains { $0.kind == .setup })
        var options = RunOptions(lessonPath: sandbox.lessonPath)
        options.overrides = ["seed=0"]
        XCTAssertNil(try variation(bare, options).note)
        options.overrides = ["seed=3"]
        XCTAssertEqual(try variation(bare, options).note, "seed 3")
        options.overrides = []
        options.threads = ProcessInfo.processInfo.activeProcessorCount + 1
        XCTAssertEqual(try variation(bare, options).note, "\(ProcessInfo.processInfo.activeProcessorCount + 1) threads")
    }

    func testScaleTwoDrawsBothChartsAt2400By1200AndANamedCellIsRecordedByName() throws {
        let plot = "plot(file: \"prediction.png\", truth: \"red\", prediction: \"blue\")"
        XCTAssertTrue(smallLesson.contains(plot))
        XCTAssertTrue(smallLesson.contains("```validate\n"))
        let sandbox = try LessonSandbox(text: smallLesson.replacingOccurrences(
            of: plot, with: "plot(file: \"prediction.png\", truth: \"red\", prediction: \"blue\", scale: 2)")
            .replacingOccurrences(of: "```validate\n", with: "```validate {name=final}\n"))
        defer { sandbox.remove() }
        let observer = try sandbox.run()
        for name in ["prediction.png", "loss.png"] {
            let image = try PNGReader.read(sandbox.results + "/" + name)
            XCTAssertEqual([image.width, image.height], [2400, 1200], name)
            XCTAssertEqual(observer.charts[sandbox.results + "/" + name]?.scale, 2, name)
            XCTAssertEqual(image.text("Cell"), "6 (final)", "a named cell is recorded with its name")
        }
    }

    func testCheckRejectsAScaleOutsideOneToFourAtItsPosition() throws {
        let plot = "plot(file: \"prediction.png\", truth: \"red\", prediction: \"blue\")"
        let lines = smallLesson.components(separatedBy: "\n")
        let line = try XCTUnwrap(lines.firstIndex(of: plot)) + 1
        for bad in ["0", "5", "2.5", "\"2\""] {
            let written = "plot(file: \"prediction.png\", truth: \"red\", prediction: \"blue\", scale: \(bad))"
            let sandbox = try LessonSandbox(text: smallLesson.replacingOccurrences(of: plot, with: written))
            defer { sandbox.remove() }
            let lesson = try LessonFile.load(sandbox.lessonPath)
            XCTAssertThrowsError(try LessonChecker.check(lesson), bad) { error in
                guard let error = error as? LessonError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.file, sandbox.lessonPath, bad)
                XCTAssertEqual(error.line, line, bad)
                let column = (written.range(of: "scale: ").map { written.distance(from: written.startIndex, to: $0.upperBound) } ?? 0) + 1
                XCTAssertEqual(error.column, column, bad)
                XCTAssertTrue(error.message.hasPrefix("scale must be a whole number"), error.message)
                if bad == "0" || bad == "5" { XCTAssertTrue(error.message.hasSuffix("from 1 to 4, got \(bad)"), error.message) }
                XCTAssertEqual(error.exitCode, 65, bad)
            }
        }
    }
}
