import Foundation
import LSTMCore
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// The result store: every configuration keeps its results, keys change only when what
/// runs changes, and what is kept stays small.
final class StoreTests: LessonRunningTestCase {
    /// The files a user sees and the fit folders' files, by path, byte for byte, with the
    /// modification date of every checkpoint.
    private func snapshot(_ sandbox: LessonSandbox) throws -> (outputs: [String: Data], checkpoints: [String: Date]) {
        var outputs: [String: Data] = [:]
        for name in ["prediction.png", "loss.png", "report.md", "forecast.csv", "history.csv"] {
            outputs[name] = sandbox.contents(name)
        }
        var checkpoints: [String: Date] = [:]
        for folder in try sandbox.fitFolders() {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".safetensors") {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
                checkpoints[folder + "/" + name] = attributes[.modificationDate] as? Date
            }
        }
        return (outputs, checkpoints)
    }

    func testGoingBackToAnEarlierConfigurationRestoresItWithoutTraining() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        try sandbox.run()
        let defaults = try snapshot(sandbox)
        XCTAssertEqual(defaults.outputs.count, 5)
        XCTAssertTrue(defaults.outputs.values.allSatisfy { !$0.isEmpty })

        let other = try sandbox.run(overrides: ["N_HIDDEN=4", "EPOCH_NM=2"])
        XCTAssertEqual(other.epochs.map(\.epoch), [1, 2])
        XCTAssertNotEqual(sandbox.contents("prediction.png"), defaults.outputs["prediction.png"])
        XCTAssertEqual(try sandbox.fitFolders().count, 2, "each configuration in its own fit folder")
        XCTAssertTrue(try sandbox.fitFolders().contains { $0.hasSuffix("N_HIDDEN=4,EPOCH_NM=2-" + String($0.suffix(8))) })

        // Back to the defaults: nothing trains or forecasts; every output is as it was.
        let back = try sandbox.run()
        XCTAssertEqual(back.epochs.count, 0, back.text)
        XCTAssertEqual(back.batches, 0)
        XCTAssertTrue(back.events.contains { $0.hasPrefix("skip 5 fit: fresh: 4 epochs") }, back.text)
        XCTAssertTrue(back.events.contains { $0.hasPrefix("forecast: 40 steps after step 199 restored from ") }, back.text)
        let restored = try snapshot(sandbox)
        for (name, data) in defaults.outputs { XCTAssertEqual(restored.outputs[name], data, "\(name) differs") }
        for (path, date) in defaults.checkpoints { XCTAssertEqual(restored.checkpoints[path], date, "\(path) was rewritten") }
        XCTAssertEqual(try sandbox.states().map(\.status), Array(repeating: .fresh, count: 6))
        XCTAssertEqual(try sandbox.states(overrides: ["N_HIDDEN=4", "EPOCH_NM=2"]).map(\.status), Array(repeating: .fresh, count: 6))
    }

    /// Comments, blank lines, spacing and line breaks inside calls do not change a key.
    func testEditsThatChangeNothingThatRunsKeepEveryCellFresh() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        try sandbox.run()
        let edited = smallLesson
            .replacingOccurrences(of: "```model\n", with: "```model\n# the network, as the seed builds it\n\n")
            .replacingOccurrences(of: "dense(units: 1, activation: \"linear\")", with: "dense( units : 1 ,\n    activation: \"linear\" )   ")
            .replacingOccurrences(of: "windows(length: LEN_SEQ)", with: "windows(length: LEN_SEQ)  # cut the windows\n")
            .replacingOccurrences(of: "fit(batch_size: BATCH_NM,", with: "# train\nfit(batch_size:BATCH_NM,")
        XCTAssertNotEqual(edited, smallLesson)
        try sandbox.write(edited)
        XCTAssertEqual(try sandbox.states().map(\.status), Array(repeating: .fresh, count: 6))
        let again = try sandbox.run()
        XCTAssertEqual(again.epochs.count, 0, again.text)
        // A change of a number is a change of what runs.
        try sandbox.write(edited.replacingOccurrences(of: "learning_rate: 0.01", with: "learning_rate: 0.010001"))
        XCTAssertEqual(try sandbox.states()[2].status, .stale("cell text changed"))
    }

    /// The thread count changes the last bits of a fit, so it is part of the fit's key.
    func testAnotherThreadCountMakesTheFitStaleAndSaysSo() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        var options = sandbox.options()
        options.threads = 1
        try LessonRunner(options: options, observer: RecordingObserver()).run()
        XCTAssertEqual(try LessonRunner(options: options, observer: RecordingObserver()).cellStates().map(\.status),
                       Array(repeating: .fresh, count: 6))
        options.threads = 2
        let states = try LessonRunner(options: options, observer: RecordingObserver()).cellStates()
        XCTAssertEqual(Array(states.map(\.status).prefix(4)), Array(repeating: CellState.Status.fresh, count: 4))
        XCTAssertEqual(states[4].status, .stale("threads 1 → 2"))
        XCTAssertEqual(states[5].status, .stale("fit changed; threads 1 → 2"))
        // The setting can be given as --set too, where no setup cell binds it.
        BLAS.setThreads(1)
    }

    /// A long forecast stays in its CSV; the cell's record keeps only the hash of the
    /// values it bound.
    func testALongForecastLeavesSmallRecords() throws {
        let text = smallLesson.replacingOccurrences(of: "forecast(steps: 40)", with: "forecast(steps: 1000000)")
            .replacingOccurrences(of: "EPOCH_NM = 4", with: "EPOCH_NM = 1")
            .replacingOccurrences(of: "plot(file: \"prediction.png\", truth: \"red\", prediction: \"blue\")\n", with: "")
        let sandbox = try LessonSandbox(text: text)
        defer { sandbox.remove() }
        try sandbox.run()
        let cells = sandbox.results + "/store/cells"
        var largest = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: cells) {
            let size = (try FileManager.default.attributesOfItem(atPath: cells + "/" + name)[.size] as? Int) ?? 0
            largest = max(largest, size)
        }
        XCTAssertGreaterThan(largest, 100)
        XCTAssertLessThan(largest, 1_000_000, "no record may hold the forecast")
        let forecasts = try FileManager.default.contentsOfDirectory(atPath: sandbox.results + "/store/forecasts")
        XCTAssertEqual(forecasts.count, 1)
        XCTAssertEqual(try sandbox.states().map(\.status), Array(repeating: .fresh, count: 6))
    }

    /// `--set seed=N` works where the setup cell does not bind `seed`, and is a new
    /// configuration of the whole lesson.
    func testSeedCanBeSetWhereTheSetupCellDoesNotBindIt() throws {
        let sandbox = try LessonSandbox(text: smallLesson.replacingOccurrences(of: "seed = 0\n", with: ""))
        defer { sandbox.remove() }
        try sandbox.run(.only("model"))
        let seeded = try sandbox.run(.only("model"), overrides: ["seed=3"])
        XCTAssertTrue(seeded.events.contains("setup: seed 3 (from --set) for rand(), shuffle() and the weight initialisers"), seeded.text)
        XCTAssertTrue(seeded.events.contains { $0.hasPrefix("run 3 model") }, seeded.text)
        XCTAssertEqual(Array(try sandbox.states(overrides: ["seed=3"]).map(\.status).prefix(3)), [.fresh, .fresh, .fresh])
        XCTAssertThrowsError(try sandbox.run(overrides: ["seed=-1"])) { error in
            XCTAssertEqual(exitCode(for: error), 64, "\(error)")
        }
    }
}

/// The command printed after an interruption works exactly as printed.
final class ResumeCommandTests: XCTestCase {
    func testTheResumeCommandIsTheInvocationShellQuotedWithResume() {
        var options = RunOptions(lessonPath: "Lessons/my lesson.md")
        options.commandLine = [".build/release/lesson", "run", "Lessons/my lesson.md", "--set", "NAME=\"it's\"", "--threads", "2"]
        XCTAssertEqual(options.resumeCommand,
                       #".build/release/lesson run 'Lessons/my lesson.md' --set 'NAME="it'\''s"' --threads 2 --resume"#)
        options.commandLine.append("--resume")
        XCTAssertTrue(options.resumeCommand.hasSuffix("--threads 2 --resume"), options.resumeCommand)
        // A sweep continues by itself: the same command again.
        options.commandLine = ["lesson", "run", "x.md", "--sweep", "seed=0,1"]
        options.continueInterrupted = true
        XCTAssertEqual(options.resumeCommand, "lesson run x.md --sweep seed=0,1")
        // Without a command line (a library caller), the overrides are spelled out.
        var bare = RunOptions(lessonPath: "x.md")
        bare.overrides = ["N_HIDDEN=16"]
        XCTAssertEqual(bare.resumeCommand, "lesson run x.md --set N_HIDDEN=16 --resume")
        XCTAssertEqual(shellQuoted(""), "''")
    }
}

/// An override that gives a name the value the lesson writes changes nothing.
final class NeutralOverrideTests: XCTestCase {
    func testSettingTheLessonsOwnValueKeepsEveryCellFresh() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        try sandbox.run()
        XCTAssertEqual(try sandbox.states(overrides: ["seed=0", "EPOCH_NM=4"]).map(\.status), Array(repeating: .fresh, count: 6))
        XCTAssertEqual(try sandbox.states(overrides: ["EPOCH_NM=4.0"])[4].status, .stale("EPOCH_NM 4 → 4.0"))
        let again = try sandbox.run(overrides: ["seed=0"])
        XCTAssertEqual(again.epochs.count, 0, again.text)
    }
}
