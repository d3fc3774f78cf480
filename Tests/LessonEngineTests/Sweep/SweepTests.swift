import Foundation
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// `--sweep`, `--shard` and the run ledger on the small lesson.
final class SweepTests: LessonRunningTestCase {
    func testValuesSplitAtTopLevelCommasOnly() throws {
        XCTAssertEqual(try SweepAxis.parse("seed=0,1,2"), SweepAxis(name: "seed", values: ["0", "1", "2"]))
        XCTAssertEqual(try SweepAxis.parse("SHAPE=(80, 1),(40, 1)").values, ["(80, 1)", "(40, 1)"])
        XCTAssertEqual(try SweepAxis.parse("NAMES=\"a,b\",[1, 2]").values, ["\"a,b\"", "[1, 2]"])
        // Unquoted lowercase words are strings (a shell drops the quotes of CELL="gru").
        XCTAssertEqual(try SweepAxis.parse("CELL=lstm,gru,simple_rnn").values, ["lstm", "gru", "simple_rnn"])
        for bad in ["seed", "seed=", "seed=1,,2", "seed=1,1", "seed=X", "seed=rand()", "1x=2"] {
            XCTAssertThrowsError(try SweepAxis.parse(bad), bad) { error in XCTAssertEqual(exitCode(for: error), 64, bad) }
        }
    }

    func testTheGridRunsTheFirstSweepSlowestAndShardsTakeEveryNth() throws {
        let grid = SweepGrid([SweepAxis(name: "a", values: ["1", "2"]), SweepAxis(name: "b", values: ["x", "y", "z"])])
        XCTAssertEqual(grid.count, 6)
        XCTAssertEqual(grid.positions(for: nil).map { grid.combination(at: $0).map(\.value).joined() },
                       ["1x", "1y", "1z", "2x", "2y", "2z"])
        XCTAssertEqual(grid.combination(at: 4).map(\.name), ["a", "b"])
        let shard = try SweepShard.parse("2/4")
        XCTAssertEqual(Array(SweepGrid([SweepAxis(name: "n", values: (0..<10).map(String.init))]).positions(for: shard)), [1, 5, 9])
        XCTAssertEqual(SweepGrid([SweepAxis(name: "n", values: (0..<10).map(String.init))]).countRun(by: shard), 3)
        for bad in ["0/2", "3/2", "2", "a/b", "1/0"] {
            XCTAssertThrowsError(try SweepShard.parse(bad), bad)
        }
    }

    private func sweep(_ sandbox: LessonSandbox, _ axes: [String], set: [String] = ["EPOCH_NM=2"], shard: String? = nil,
                       observer: RecordingObserver = RecordingObserver(), interrupt: Interrupt = Interrupt()) throws -> SweepRunner.Summary {
        try SweepRunner(options: sandbox.options(overrides: set), axes: try axes.map(SweepAxis.parse),
                        shard: try shard.map(SweepShard.parse), observer: observer, interrupt: interrupt).run()
    }

    /// A combination the checker can refuse (seed -1) ends the sweep with the lesson's
    /// error (65) before any combination trains, as a plain run with it would.
    func testACombinationWithAnErrorInTheLessonEndsTheSweepBeforeAnyTraining() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = RecordingObserver()
        XCTAssertThrowsError(try sweep(sandbox, ["seed=0,-1"], observer: observer)) { error in
            XCTAssertEqual(exitCode(for: error), 65, "\(error)")
            XCTAssertTrue("\(error)".contains("seed (from --set) must be"), "\(error)")
        }
        XCTAssertTrue(observer.epochs.isEmpty, "nothing trained: \(observer.events)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.results + "/fits"))
    }

    func testATwoSeedSweepKeepsEveryRunAndComparesThem() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = RecordingObserver()
        let summary = try sweep(sandbox, ["seed=0,1"], observer: observer)
        XCTAssertEqual(summary.ran, 2)
        XCTAssertEqual(summary.failed, 0)
        XCTAssertEqual(summary.table.header.prefix(2), ["seed", "status"])
        XCTAssertEqual(summary.table.rows.map { Array($0.prefix(2)) }, [["0", "done"], ["1", "done"]])
        let rmse = try XCTUnwrap(summary.table.header.firstIndex(of: "rmse"))
        XCTAssertNotEqual(summary.table.rows[0][rmse], summary.table.rows[1][rmse], "two seeds, two results")
        let folder = sandbox.results + "/sweeps/seed+EPOCH_NM=2"
        XCTAssertEqual(summary.files, [folder + "/sweep.md", folder + "/compare.png", folder + "/losses.png"])
        for png in summary.files.dropFirst() {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
            XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], png)
            // Each chart records how to make it again; the lesson was given outside the
            // working folder, so only its file name travels.
            let image = try PNGReader.read(png)
            XCTAssertEqual(image.text("Command"), "lesson run 01-small-sine.md --sweep seed=0,1 --set EPOCH_NM=2", png)
            XCTAssertEqual(image.text("Overrides"), "EPOCH_NM=2", png)
            XCTAssertEqual(image.text("Lesson"), "01-small-sine.md", png)
            XCTAssertEqual(image.text("Software"), LessonVersion.software, png)
        }
        // The fixed --set shows after the subtitle of the forecasts' chart.
        XCTAssertEqual(observer.charts[folder + "/compare.png"]?.subtitle, "2 runs by seed; EPOCH_NM=2")
        let markdown = try String(contentsOfFile: folder + "/sweep.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| seed | status | epochs | best_epoch | best_val_loss | mae | rmse | seconds |"), markdown)
        // In a terminal only the summary charts are shown.
        XCTAssertEqual(observer.events.filter { $0.hasPrefix("plot ") }, ["plot \(folder)/compare.png", "plot \(folder)/losses.png"])
        // Each combination reports the values it replaces as its cells run: seed 0 is the lesson's own.
        XCTAssertEqual(observer.events.filter { $0.contains("(--set") }, [
            "EPOCH_NM = 2 (--set; the lesson says 4)",
            "seed = 1 (--set; the lesson says 0)", "EPOCH_NM = 2 (--set; the lesson says 4)",
        ])
        // One fit folder and one ledger entry per combination; the same sweep again trains nothing.
        XCTAssertEqual(try sandbox.fitFolders().count, 2)
        let again = RecordingObserver()
        _ = try sweep(sandbox, ["seed=0,1"], observer: again)
        XCTAssertEqual(again.epochs.count, 0, again.text)
        let ledger = try LessonRunner(options: sandbox.options(), observer: RecordingObserver()).ledger()
        XCTAssertEqual(ledger.rows.count, 4)
        XCTAssertEqual(ledger.rows.map { $0[2] }, ["EPOCH_NM=2 seed=0", "EPOCH_NM=2 seed=1", "EPOCH_NM=2 seed=0", "EPOCH_NM=2 seed=1"])
        XCTAssertEqual(ledger.rows.map { $0.last }, ["yes", "yes", "no", "no"])
    }

    /// A combination that fails when it runs (an `expect` that only the forecast can
    /// decide) is marked failed and the sweep goes on; one the checker can refuse ends the
    /// sweep first (`testACombinationWithAnErrorInTheLessonEndsTheSweepBeforeAnyTraining`).
    func testAFailedCombinationIsMarkedAndTheSweepGoesOn() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        try sandbox.write(smallLesson.replacingOccurrences(of: "expect(rmse < 10)", with: "expect(rmse < 10 and seed != 1)"))
        let summary = try sweep(sandbox, ["seed=1,2"])
        XCTAssertEqual(summary.ran, 2)
        XCTAssertEqual(summary.failed, 1)
        XCTAssertTrue(summary.failures[0].hasPrefix("seed=1: "), "\(summary.failures)")
        XCTAssertEqual(summary.table.rows.map { Array($0.prefix(2)) }, [["1", "failed"], ["2", "done"]])
    }

    /// Ctrl-C in the middle of a sweep; the same sweep again goes on where it stopped:
    /// the finished combination restores, the interrupted fit resumes, the rest runs.
    func testAnInterruptedSweepContinuesWhereItStopped() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let interrupt = Interrupt()
        let observer = RecordingObserver()
        var fits = 0
        observer.onEpoch = { log in
            if log.epoch == 1 { fits += 1 }
            if fits == 2 && log.epoch == 2 { interrupt.request() }
        }
        XCTAssertThrowsError(try sweep(sandbox, ["seed=0,1,2"], set: ["EPOCH_NM=4"], observer: observer, interrupt: interrupt)) { error in
            XCTAssertTrue(error is RunInterrupted, "\(error)")
        }
        let again = RecordingObserver()
        let summary = try sweep(sandbox, ["seed=0,1,2"], set: ["EPOCH_NM=4"], observer: again)
        XCTAssertEqual(summary.failed, 0)
        XCTAssertEqual(again.epochs.map(\.epoch), [3, 4, 1, 2, 3, 4], again.text)
        XCTAssertTrue(again.events.contains { $0.hasPrefix("fit: Resuming after epoch 2 of 4 from ") }, again.text)
    }

    /// Shards run their share into one store; the whole sweep afterwards trains nothing.
    func testShardsSplitTheSweepAndTheirStoresAddUp() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let first = try sweep(sandbox, ["seed=0,1,2"], shard: "1/2")
        let second = try sweep(sandbox, ["seed=0,1,2"], shard: "2/2")
        XCTAssertEqual(first.table.rows.map { $0[0] }, ["0", "2"])
        XCTAssertEqual(second.table.rows.map { $0[0] }, ["1"])
        XCTAssertEqual(first.files, [], "a shard writes no summary")
        let whole = RecordingObserver()
        let summary = try sweep(sandbox, ["seed=0,1,2"], observer: whole)
        XCTAssertEqual(whole.epochs.count, 0, whole.text)
        XCTAssertEqual(summary.table.rows.map { $0[0] }, ["0", "1", "2"])
    }

    func testASettingCannotBeBothSetAndSwept() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        XCTAssertThrowsError(try sweep(sandbox, ["EPOCH_NM=1,2"])) { error in
            XCTAssertEqual(exitCode(for: error), 64)
            XCTAssertTrue("\(error)".contains("EPOCH_NM is both set (--set) and swept (--sweep)"), "\(error)")
        }
    }
}

/// `lesson compare` and `lesson clean` read and trim what runs kept.
final class CompareAndCleanTests: LessonRunningTestCase {
    func testCompareShowsKeptRunsWithoutTrainingAndCleanKeepsTheLatest() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        _ = try SweepRunner(options: sandbox.options(overrides: ["EPOCH_NM=2"]), axes: [try SweepAxis.parse("seed=0,1")],
                            shard: nil, observer: RecordingObserver(), interrupt: Interrupt()).run()
        try sandbox.run(overrides: ["N_HIDDEN=3", "EPOCH_NM=2"])
        let observer = RecordingObserver()
        let runner = LessonRunner(options: sandbox.options(), observer: observer)
        let (table, files) = try runner.compare(conditions: [], all: false)
        XCTAssertEqual(table.header.prefix(4), ["N_HIDDEN", "seed", "status", "epochs"])
        XCTAssertEqual(table.rows.map { Array($0.prefix(2)) }, [["(lesson)", "0"], ["(lesson)", "1"], ["3", "0"]])
        XCTAssertEqual(files.map { ($0 as NSString).lastPathComponent }, ["compare.md", "compare.png", "losses.png"])
        XCTAssertEqual(observer.epochs.count, 0)
        XCTAssertEqual(try runner.compare(conditions: ["seed=1"], all: false).table.rows.count, 1)
        XCTAssertEqual(try runner.compare(conditions: ["N_HIDDEN=3"], all: false).table.rows.count, 1)
        // Another text of the lesson: its runs show only with --all.
        try sandbox.write(smallLesson.replacingOccurrences(of: "forecast(steps: 40)", with: "forecast(steps: 30)"))
        XCTAssertEqual(try runner.compare(conditions: [], all: false).table.rows.count, 0)
        XCTAssertEqual(try runner.compare(conditions: [], all: true).table.rows.count, 3)
        try sandbox.write(smallLesson)

        XCTAssertEqual(try runner.storeUsage().runs, 3)
        XCTAssertEqual(try runner.storeUsage().fits, 3)
        let message = try runner.clean(keep: 1)
        XCTAssertTrue(message.hasPrefix("removed 2 runs, 2 fit folders, "), message)
        XCTAssertEqual(try runner.storeUsage().runs, 1)
        XCTAssertEqual(try sandbox.fitFolders().count, 1)
        // The latest run is whole: running it again trains nothing.
        let again = try sandbox.run(overrides: ["N_HIDDEN=3", "EPOCH_NM=2"])
        XCTAssertEqual(again.epochs.count, 0, again.text)
        XCTAssertTrue(try runner.clean(keep: nil).hasPrefix("removed 2 runs, 1 fit folder, "))
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.results))
    }
}
