import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine

/// The runner on a small lesson: what a run writes, which results it reuses, and why
/// a cell is stale.
final class RunnerTests: LessonRunningTestCase {
    func testSmallLessonRunsEndToEnd() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = try sandbox.run()
        XCTAssertEqual(observer.epochs.map(\.epoch), [1, 2, 3, 4], observer.text)
        for position in 1...6 { XCTAssertTrue(observer.events.contains { $0.hasPrefix("run \(position) ") }, "cell \(position) header") }
        // history.csv: a header and one row an epoch.
        let history = String(decoding: sandbox.contents("history.csv") ?? Data(), as: UTF8.self)
        XCTAssertEqual(history.split(separator: "\n").first, "epoch,loss,val_loss,seconds")
        XCTAssertEqual(history.split(separator: "\n").count, 5, history)
        // forecast.csv: steps are absolute, 200 … 239 after a series of 200 values.
        let forecast = String(decoding: sandbox.contents("forecast.csv") ?? Data(), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(forecast.count, 41)
        XCTAssertTrue(forecast[1].hasPrefix("200,"), String(forecast[1]))
        XCTAssertTrue(forecast[40].hasPrefix("239,"), String(forecast[40]))
        // The truth column is f(200 + k) = sin((200 + k) · 2π / 20).
        let truth = Double(forecast[1].split(separator: ",")[1]) ?? .nan
        XCTAssertEqual(truth, sin(200 * 2 * Double.pi / 20), accuracy: 1e-12)
        // The chosen checkpoint is the best val_loss of the history, as said.
        let best = observer.epochs.min { ($0.valLoss ?? .infinity) < ($1.valLoss ?? .infinity) }
        XCTAssertTrue(observer.text.contains("lowest val_loss"), observer.text)
        XCTAssertTrue(observer.text.contains("at epoch \(best?.epoch ?? 0) of 4"), observer.text)
        XCTAssertTrue(observer.text.contains("print: best epoch \(best?.epoch ?? 0) rmse "), observer.text)
        // The PNG carries its text chunks.
        let image = try PNGReader.read(sandbox.results + "/prediction.png")
        let text = Dictionary(image.text.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(text["Software"], LessonVersion.software)
        XCTAssertEqual(text["Title"], "A small sine wave")
        XCTAssertTrue(text["Description"]?.contains("lesson 01-small-sine, cell 6, epoch") == true, "\(text)")
        XCTAssertNotNil(sandbox.contents("loss.png"))
        let report = String(decoding: sandbox.contents("report.md") ?? Data(), as: UTF8.self)
        XCTAssertTrue(report.hasPrefix("# A small sine wave\n"), report)
        XCTAssertTrue(report.contains("| `EPOCH_NM` | `4` |"), report)
        XCTAssertTrue(report.contains("![prediction.png](prediction.png)"), report)
        XCTAssertTrue(try sandbox.states().allSatisfy { $0.status == .fresh })
    }

    func testLessonOneRandomNumbersMatchNumpy() throws {
        // Lesson 01's model and data cells with its seed: rand() is numpy's first
        // random_sample() and shuffle() numpy's permutation of the 3920 windows.
        let text = """
        # Seeded

        ```setup
        seed = 0
        ```

        ```model
        B = rand()
        print(B)
        input(shape: (80, 1))
        lstm(units: 2, bias_initializer: constant(B / 10.0))
        dense(units: 1)
        compile()
        ```

        ```data
        f(x) = sin(x * (2 * pi / 80))
        series(f, count: 4000)
        windows(length: 80)
        shuffle()
        ```

        """
        let sandbox = try LessonSandbox(name: "seeded", text: text)
        defer { sandbox.remove() }
        let observer = try sandbox.run()
        XCTAssertTrue(observer.events.contains("print: 0.5488135039273248"), observer.text)
        XCTAssertTrue(observer.events.contains("data: shuffled with the seeded generator: "
                                               + "[538, 3000, 825, 924, 3093, 3275, 3673, 3649, 1059, 3227, ...]"), observer.text)
    }

    func testRerunningValidateLoadsTheBestCheckpointAndRetrainsNothing() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        try sandbox.run()
        let before = try sandbox.keptFiles()
        let forecast = sandbox.contents("forecast.csv")
        XCTAssertEqual(before.count, 6, "4 checkpoints, last.safetensors, history.csv: \(before.keys.sorted())")
        let observer = try sandbox.run(.only("validate"))
        XCTAssertEqual(observer.epochs.count, 0, "no epoch may run: \(observer.text)")
        XCTAssertEqual(observer.batches, 0)
        XCTAssertTrue(observer.events.contains { $0.hasPrefix("skip 5 fit: fresh: 4 epochs") }, observer.text)
        XCTAssertTrue(observer.events.contains("run 6 validate"), observer.text)
        // Fresh cheap cells are replayed silently.
        XCTAssertFalse(observer.events.contains { $0.hasPrefix("run 3 ") || $0.hasPrefix("run 4 ") }, observer.text)
        let after = try sandbox.keptFiles()
        XCTAssertEqual(Set(after.keys), Set(before.keys))
        for (name, data) in before { XCTAssertEqual(after[name], data, "\(name) changed") }
        // The replayed model, data and loaded checkpoint give the same forecast, bit for bit.
        XCTAssertNotNil(forecast)
        XCTAssertEqual(sandbox.contents("forecast.csv"), forecast)
    }

    func testEditingAConstantMakesExactlyItsReadersStale() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        try sandbox.run()
        try sandbox.write(smallLesson.replacingOccurrences(of: "EPOCH_NM = 4", with: "EPOCH_NM = 3"))
        let states = try sandbox.states()
        XCTAssertEqual(states.map(\.status), [
            .fresh, .stale("cell text changed"), .fresh, .fresh, .stale("EPOCH_NM 4 → 3"), .stale("fit changed"),
        ])
        // Running validate alone runs the stale fit first, announced with its reason;
        // the fresh model and data cells are replayed silently.
        let observer = try sandbox.run(.only("validate"))
        XCTAssertTrue(observer.events.contains("run 5 fit (stale: EPOCH_NM 4 → 3)"), observer.text)
        XCTAssertTrue(observer.events.contains("run 2 constants (stale: cell text changed)"), observer.text)
        XCTAssertFalse(observer.events.contains { $0.hasPrefix("run 3 ") || $0.hasPrefix("run 4 ") }, observer.text)
        XCTAssertEqual(observer.epochs.map(\.epoch), [1, 2, 3])
        XCTAssertTrue(try sandbox.states().allSatisfy { $0.status == .fresh })

        // A constant the model reads makes the model stale, and everything after it.
        try sandbox.write(smallLesson.replacingOccurrences(of: "N_HIDDEN = 6", with: "N_HIDDEN = 5")
                                     .replacingOccurrences(of: "EPOCH_NM = 4", with: "EPOCH_NM = 3"))
        XCTAssertEqual(try sandbox.states().map(\.status), [
            .fresh, .stale("cell text changed"), .stale("N_HIDDEN 6 → 5"), .fresh, .stale("model changed"),
            .stale("model changed; fit changed"),
        ])
    }

    /// A damaged record (here truncated) is moved aside, never deleted, with a warning
    /// naming both paths; its cell then counts as never run, and runs again.
    func testADamagedRecordIsMovedAsideAndItsCellRunsAgain() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        try sandbox.run(.only("model"))
        let cells = sandbox.results + "/store/cells"
        let records = try FileManager.default.contentsOfDirectory(atPath: cells).sorted()
        XCTAssertEqual(records.count, 3, "setup, constants, model: \(records)")
        let modelRecord = try records.first { name in
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: cells + "/" + name)), as: UTF8.self).contains("\"kind\" : \"model\"")
        } ?? "none"
        let whole = try Data(contentsOf: URL(fileURLWithPath: cells + "/" + modelRecord))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cells + "/" + modelRecord))
        let observer = try sandbox.run(.only("model"))
        XCTAssertTrue(observer.events.contains { line in
            line.hasPrefix("warning: \(cells)/\(modelRecord): it is not a readable result") && line.contains("moved to \(sandbox.results)/store/damaged/")
        }, observer.text)
        XCTAssertTrue(observer.events.contains("run 3 model"), observer.text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sandbox.results + "/store/damaged").count, 1)
        XCTAssertEqual(try sandbox.states()[2].status, .fresh)
        // The cell's result is kept again under the same key, whole.
        let again = try Data(contentsOf: URL(fileURLWithPath: cells + "/" + modelRecord))
        XCTAssertEqual(again.count, whole.count)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: again))
    }

    func testSetOverridesAConstant() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = try sandbox.run(overrides: ["EPOCH_NM=2"])
        XCTAssertEqual(observer.epochs.map(\.epoch), [1, 2])
        XCTAssertTrue(String(decoding: sandbox.contents("report.md") ?? Data(), as: UTF8.self).contains("`--set EPOCH_NM=2`"))
        // Without the override the fit is stale, and says why.
        XCTAssertEqual(try sandbox.states()[4].status, .stale("EPOCH_NM 2 → 4"))
        XCTAssertEqual(try sandbox.states(overrides: ["EPOCH_NM=2"])[4].status, .fresh)
        // An override that names no constant is a usage error with a suggestion.
        XCTAssertThrowsError(try sandbox.run(overrides: ["EPOCH_MN=2"])) { error in
            XCTAssertEqual(exitCode(for: error), 64)
            XCTAssertTrue("\(error)".contains("did you mean 'EPOCH_NM'?"), "\(error)")
        }
        XCTAssertThrowsError(try sandbox.run(overrides: ["ZZZ=2"])) { error in
            XCTAssertEqual(exitCode(for: error), 64)
            XCTAssertTrue("\(error)".contains("the names it binds are BATCH_NM, EPOCH_NM"), "\(error)")
        }
        // Another seed: the model's initial weights and the data's shuffle change, and
        // fit and validate follow the model and the data (the constants were kept with
        // EPOCH_NM=2, so they are stale too).
        XCTAssertEqual(try sandbox.states(overrides: ["seed=1"]).map(\.status), [
            .stale("--set seed=1"), .stale("last run had --set EPOCH_NM=2, this one has none"), .stale("seed 0 → seed 1"),
            .stale("seed 0 → 1"), .stale("EPOCH_NM 2 → 4; model changed; data changed"), .stale("model changed; data changed; fit changed"),
        ])
        XCTAssertThrowsError(try sandbox.run(overrides: ["N_HIDDEN=-3"])) { error in
            XCTAssertEqual(exitCode(for: error), 65, "\(error)")
        }
    }

    /// A value `--set` replaces is reported as its cell runs, with the lesson's own
    /// value; an override equal to the lesson's value is not; a fresh cell replayed
    /// without a word says nothing either.
    func testReplacedValuesAreReportedAsTheirCellRuns() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = try sandbox.run(overrides: ["EPOCH_NM=2", "N_HIDDEN=6", "seed=1"])
        let events = observer.events
        let setup = try XCTUnwrap(events.firstIndex(of: "run 1 setup"))
        let constants = try XCTUnwrap(events.firstIndex(of: "run 2 constants"))
        let model = try XCTUnwrap(events.firstIndex(of: "run 3 model"))
        XCTAssertEqual(Array(events[setup + 1..<constants]), [
            "setup: seed 1 for rand(), shuffle() and the weight initialisers",
            "setup: 1 thread",
            "seed = 1 (--set; the lesson says 0)",
        ])
        XCTAssertEqual(Array(events[constants + 1..<model]), ["EPOCH_NM = 2 (--set; the lesson says 4)"])
        XCTAssertEqual(events.filter { $0.contains("(--set") }.count, 2, observer.text)

        let validate = try sandbox.run(.only("validate"), overrides: ["EPOCH_NM=2", "N_HIDDEN=6", "seed=1"])
        XCTAssertFalse(validate.text.contains("(--set"), validate.text)
    }

    func testResumeAfterAnInterruptedFitEndsWhereAnUninterruptedRunEnds() throws {
        let whole = try LessonSandbox()
        defer { whole.remove() }
        try whole.run(.only("fit"))

        let broken = try LessonSandbox()
        defer { broken.remove() }
        let interrupt = Interrupt()
        let observer = RecordingObserver()
        observer.onEpoch = { log in if log.epoch == 2 { interrupt.request() } }
        XCTAssertThrowsError(try broken.run(.only("fit"), observer: observer, interrupt: interrupt)) { error in
            XCTAssertEqual(exitCode(for: error), 1)
            XCTAssertEqual("\(error)".prefix(26), "Interrupted after epoch 2;", "\(error)")
            XCTAssertTrue("\(error)".contains("--resume"), "\(error)")
        }
        guard case .stale(let reason) = try broken.states()[4].status else { return XCTFail("the fit must be stale") }
        XCTAssertTrue(reason.hasPrefix("interrupted after epoch 2; "), reason)
        XCTAssertTrue(reason.hasSuffix("--resume continues it"), reason)
        XCTAssertEqual(try broken.states()[5].status, .neverRun)
        // Without --resume a later run would start over; with it, fit goes on from epoch 2.
        let resumed = try broken.run(.only("fit"), resume: true)
        XCTAssertEqual(resumed.epochs.map(\.epoch), [3, 4], resumed.text)
        let a = try SafeTensors.read(try whole.fitFolder() + "/last.safetensors")
        let b = try SafeTensors.read(try broken.fitFolder() + "/last.safetensors")
        XCTAssertEqual(a.tensors, b.tensors, "weights and optimizer state after epoch 4 must be bit-identical")
        XCTAssertEqual(try whole.keptFiles().keys.sorted(), try broken.keptFiles().keys.sorted())
        for (name, data) in try whole.keptFiles() where name.contains("/model") {
            XCTAssertEqual(try broken.keptFiles()[name], data, name)
        }
        XCTAssertEqual(try broken.states()[4].status, .fresh)
        // Nothing is left to resume now.
        XCTAssertThrowsError(try broken.run(.only("fit"), force: true, resume: true)) { error in
            XCTAssertEqual(exitCode(for: error), 64, "\(error)")
        }
    }

    /// The small lesson with closed-loop rollouts and a learning-rate schedule: the fit says
    /// it rolls out, the schedule's cuts are reported, and `lesson check` accepts the cell.
    func testRolloutAndReduceLROnPlateauRun() throws {
        let text = smallLesson.replacingOccurrences(of: "validation_split: 0.3, shuffle: false,",
                                                    with: "validation_split: 0.3, shuffle: false, rollout: 3,")
            .replacingOccurrences(of: "early_stopping(monitor: \"val_loss\", patience: 20)])",
                                  with: "early_stopping(monitor: \"val_loss\", patience: 20),\n"
                                      + "      reduce_lr_on_plateau(monitor: \"loss\", factor: 0.5, patience: 0, min_delta: 100)])")
            .replacingOccurrences(of: "EPOCH_NM = 4", with: "EPOCH_NM = 3")
        XCTAssertTrue(text.contains("rollout: 3") && text.contains("reduce_lr_on_plateau"))
        XCTAssertNoThrow(try LessonChecker.check(try LessonParser.parse(text, path: "Lessons/01-small-sine.md")))
        let sandbox = try LessonSandbox(text: text)
        defer { sandbox.remove() }
        let observer = try sandbox.run()
        XCTAssertTrue(observer.text.contains("each window rolls out 3 fed-back predictions"), observer.text)
        // min_delta 100 counts no epoch after the first as an improvement; patience 0 cuts at every one of them.
        XCTAssertTrue(observer.text.contains("Epoch 2: ReduceLROnPlateau reducing learning rate to 0.005."), observer.text)
        XCTAssertTrue(observer.text.contains("Epoch 3: ReduceLROnPlateau reducing learning rate to 0.0025."), observer.text)
        XCTAssertEqual(observer.epochs.count, 3)
        // The kept state holds the lowered rate, so --resume continues with it.
        let state = try TrainingState.read(try sandbox.fitFolder() + "/last.safetensors")
        XCTAssertEqual(state.learningRate, 0.0025)
        XCTAssertEqual(state.options.rollout, 3)
    }

    func testRolloutNeedsValidationWhenItMonitorsValLoss() throws {
        let text = smallLesson.replacingOccurrences(of: "validation_split: 0.3", with: "validation_split: 0")
            .replacingOccurrences(of: "early_stopping(monitor: \"val_loss\", patience: 20)])",
                                  with: "reduce_lr_on_plateau()])")
            .replacingOccurrences(of: "model_checkpoint(filepath: \"model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.3f}.safetensors\",\n"
                                      + "                       monitor: \"val_loss\", save_best_only: true),\n", with: "")
        let sandbox = try LessonSandbox(text: text)
        defer { sandbox.remove() }
        XCTAssertThrowsError(try sandbox.run()) { error in
            XCTAssertEqual(exitCode(for: error), 65, "\(error)")
            XCTAssertTrue("\(error)".contains("reduce_lr_on_plateau monitors val_loss, which needs validation_split above 0"), "\(error)")
        }
    }

    /// `plot(compare:)` draws an earlier forecast's predictions beside this one; a list of
    /// another length is refused.
    func testPlotComparesWithAnEarlierForecast() throws {
        let compared = smallLesson.replacingOccurrences(
            of: "plot(file: \"prediction.png\", truth: \"red\", prediction: \"blue\")",
            with: "first = predictions\nplot(file: \"both.png\", prediction: \"green\", label: \"again\", compare: first, compare_label: \"first\")")
        let sandbox = try LessonSandbox(text: compared)
        defer { sandbox.remove() }
        let observer = try sandbox.run()
        XCTAssertTrue(observer.events.contains { $0.hasPrefix("plot ") && $0.hasSuffix("both.png") }, observer.text)

        let wrong = smallLesson.replacingOccurrences(of: "plot(file: \"prediction.png\", truth: \"red\", prediction: \"blue\")",
                                                     with: "plot(compare: [1, 2])")
        let broken = try LessonSandbox(text: wrong)
        defer { broken.remove() }
        XCTAssertThrowsError(try broken.run()) { error in
            XCTAssertTrue("\(error)".contains("compare: has 2 values but the forecast has 40 steps"), "\(error)")
        }
    }

    /// A lesson may describe a second model after the first one's fit (lesson 04 trains two):
    /// `lesson check` starts the second model cell from scratch, as a run does.
    func testASecondModelCellChecks() throws {
        let text = "# Two\n\n```model\ninput(shape: (5, 1))\nlstm(units: 2)\ndense(units: 1)\ncompile()\n```\n\n"
            + "```data\nseries(sin, count: 30)\nwindows(length: 5)\n```\n\n```fit\nfit()\n```\n\n"
            + "```model\ninput(shape: (5, 1))\nlstm(units: 3)\ndense(units: 1)\ncompile()\n```\n\n"
            + "```validate\nload_model(\"best\")\n```\n"
        let lesson = try LessonParser.parse(text, path: "two.md")
        XCTAssertThrowsError(try LessonChecker.check(lesson)) { error in
            // Compiling the second model forgets the first one's fit, as a run does.
            XCTAssertTrue("\(error)".contains("load_model(\"best\") loads the best checkpoint of a fit"), "\(error)")
        }
        let fitted = try LessonParser.parse(text.replacingOccurrences(of: "```validate", with: "```fit\nfit()\n```\n\n```validate"),
                                            path: "two.md")
        XCTAssertNoThrow(try LessonChecker.check(fitted))
    }

    func testErrorsAreLocatedAndMappedToExitCodes() throws {
        func failure(_ text: String, _ selection: CellSelection = .all) throws -> Error? {
            let sandbox = try LessonSandbox(text: text)
            defer { sandbox.remove() }
            do {
                try sandbox.run(selection)
                return nil
            } catch {
                return error
            }
        }
        let noModel = "# x\n\n```data\nf(x) = x\nseries(f, count: 30)\nwindows(length: 5)\n```\n\n```fit\nfit(epochs: 1)\n```\n"
        let fitFirst = try failure(noModel)
        XCTAssertEqual(fitFirst.map(exitCode(for:)), 65)
        XCTAssertEqual((fitFirst as? LessonError)?.line, 10, "\(String(describing: fitFirst))")

        let failedExpect = try failure(smallLesson.replacingOccurrences(of: "expect(rmse < 10)", with: "expect(rmse < 0)"))
        XCTAssertEqual(failedExpect.map(exitCode(for:)), 1)
        XCTAssertTrue("\(String(describing: failedExpect))".contains("expect(rmse < 0) failed: rmse = "))

        let badBatch = try failure(smallLesson.replacingOccurrences(of: "BATCH_NM = 32", with: "BATCH_NM = 2.5"))
        XCTAssertEqual(badBatch.map(exitCode(for:)), 65)

        let noCell = try failure(smallLesson, .only("99"))
        XCTAssertEqual(noCell.map(exitCode(for:)), 64)

        var options = RunOptions(lessonPath: NSTemporaryDirectory() + "no-such-lesson-\(UUID().uuidString).md")
        options.resultRoot = NSTemporaryDirectory()
        XCTAssertThrowsError(try LessonRunner(options: options, observer: RecordingObserver()).run()) { error in
            XCTAssertEqual(exitCode(for: error), 74)
        }
    }

    func testCSVSeriesHoldsOutTheTruth() throws {
        let text = """
        # Tide

        ```setup
        seed = 1
        threads = 1
        ```

        ```model
        input(shape: (5, 1))
        lstm(units: 4)
        dense(units: 1)
        compile()
        ```

        ```data
        series(csv: "tide.csv", column: "level", holdout: 10)
        windows(length: 5)
        ```

        ```fit
        fit(batch_size: 16, epochs: 2, validation_split: 0.2, shuffle: true)
        ```

        ```validate
        load_model("best")
        forecast(steps: 10)
        print(truth)
        ```

        """
        let sandbox = try LessonSandbox(name: "tide", text: text)
        defer { sandbox.remove() }
        var csv = "step,level\n"
        for i in 0..<60 { csv += "\(i),\(Double(i) / 10)\n" }
        try csv.write(toFile: sandbox.folder + "/Lessons/tide.csv", atomically: true, encoding: .utf8)
        let observer = try sandbox.run()
        XCTAssertTrue(observer.text.contains("data: 50 values of tide.csv column \"level\", 10 held out"), observer.text)
        XCTAssertTrue(observer.text.contains("final weights, epoch 2"), observer.text)
        XCTAssertTrue(observer.events.contains("print: [5.0, 5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5.8, 5.9]"), observer.text)
        // shuffle: true draws a permutation each epoch from the lesson's generator; the
        // fresh fit restores the generator as the fit left it.
        XCTAssertTrue(try sandbox.states().allSatisfy { $0.status == .fresh })

        // Another CSV makes the data cell stale, and what uses it.
        try (csv + "60,6.0\n").write(toFile: sandbox.folder + "/Lessons/tide.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(try sandbox.states().map(\.status).suffix(3),
                       [.stale("tide.csv changed"), .stale("data changed"), .stale("data changed; fit changed")])
        try (csv + "60,abc\n").write(toFile: sandbox.folder + "/Lessons/tide.csv", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try sandbox.run(force: true)) { error in
            XCTAssertEqual(exitCode(for: error), 65)
            XCTAssertTrue("\(error)".contains("tide.csv:62: 'abc' in column 'level' is not a number"), "\(error)")
        }
        try sandbox.write(text.replacingOccurrences(of: "column: \"level\"", with: "column: \"levl\""))
        XCTAssertThrowsError(try sandbox.run()) { error in
            XCTAssertTrue("\(error)".contains("no column 'levl' (did you mean 'level'?)"), "\(error)")
        }
    }

    func testStepFollowsPipedAnswers() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        var answers = ["r", "", "s", "s", "jump validate", "list", "r", "q"].makeIterator()
        var output: [String] = []
        var errors: [String] = []
        let observer = RecordingObserver()
        let stepper = LessonStepper(options: sandbox.options(), observer: observer, interrupt: Interrupt(), style: .plain,
                                    readLine: { answers.next() }, write: { output.append($0) }, writeError: { errors.append($0) })
        XCTAssertEqual(try stepper.run(), .finished(status: 0))
        let shown = output.joined(separator: "\n")
        XCTAssertTrue(shown.contains("A lesson 01 in miniature."), shown)
        XCTAssertTrue(shown.contains("6 | seed = 0"), shown)
        XCTAssertTrue(shown.contains("[5/6] fit> "), shown)
        XCTAssertTrue(shown.contains("5  fit        line 34  never run"), shown)
        // Validate ran after setup and constants: the skipped model, data and fit ran first, announced.
        XCTAssertTrue(observer.events.contains("run 5 fit (stale: never run)"), observer.text)
        XCTAssertTrue(observer.events.contains("run 6 validate"), observer.text)
        XCTAssertEqual(errors, [])
        // The end of input quits.
        var none = [String]().makeIterator()
        let quiet = LessonStepper(options: sandbox.options(), observer: RecordingObserver(), interrupt: Interrupt(), style: .plain,
                                  readLine: { none.next() }, write: { _ in }, writeError: { errors.append($0) })
        XCTAssertEqual(try quiet.run(), .finished(status: 0))
    }

    /// After Ctrl-C stops a fit, the prompt offers to resume it, and `u` does: the fit
    /// goes on from its last finished epoch.
    /// `step` marks the values `--set` replaces beside the cell's lines before it runs,
    /// and the run reports them.
    func testStepMarksReplacedValuesBesideTheCell() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        var answers = ["r", "r", "q"].makeIterator()
        var output: [String] = []
        let observer = RecordingObserver()
        let stepper = LessonStepper(options: sandbox.options(overrides: ["EPOCH_NM=2", "N_HIDDEN=6"]), observer: observer,
                                    interrupt: Interrupt(), style: .plain, readLine: { answers.next() },
                                    write: { output.append($0) }, writeError: { XCTFail($0) })
        XCTAssertEqual(try stepper.run(), .finished(status: 0))
        let shown = output.joined(separator: "\n")
        XCTAssertTrue(shown.contains("\n15 | EPOCH_NM = 4  → 2 (--set)\n"), shown)
        XCTAssertTrue(shown.contains("\n11 | N_HIDDEN = 6\n"), "an override equal to the lesson's value marks nothing: \(shown)")
        XCTAssertTrue(observer.events.contains("EPOCH_NM = 2 (--set; the lesson says 4)"), observer.text)
    }

    func testStepOffersToResumeAnInterruptedFit() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let interrupt = Interrupt()
        let observer = RecordingObserver()
        var stopped = false
        observer.onEpoch = { log in
            if log.epoch == 2 && !stopped {
                stopped = true
                interrupt.request()
            }
        }
        var answers = ["j fit", "r", "u", "q"].makeIterator()
        var output: [String] = []
        var errors: [String] = []
        let stepper = LessonStepper(options: sandbox.options(), observer: observer, interrupt: interrupt, style: .plain,
                                    readLine: { answers.next() }, write: { output.append($0) }, writeError: { errors.append($0) })
        XCTAssertEqual(try stepper.run(), .finished(status: 0))
        let shown = output.joined(separator: "\n")
        XCTAssertTrue(shown.contains("[6/6] validate (the fit of cell 5 was interrupted: u resumes it)> "), shown)
        XCTAssertEqual(observer.epochs.map(\.epoch), [1, 2, 3, 4], observer.text)
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(errors.first?.hasPrefix("Interrupted after epoch 2") ?? false, "\(errors)")
        XCTAssertEqual(try sandbox.states()[4].status, .fresh)

        // A new session finds the interrupted fit too (a closed terminal, SIGKILL).
        let again = try LessonSandbox()
        defer { again.remove() }
        let stop = Interrupt()
        let first = RecordingObserver()
        first.onEpoch = { log in if log.epoch == 2 { stop.request() } }
        XCTAssertThrowsError(try again.run(.only("fit"), observer: first, interrupt: stop))
        var later = ["j fit"].makeIterator()
        var prompts: [String] = []
        _ = try LessonStepper(options: again.options(), observer: RecordingObserver(), interrupt: Interrupt(), style: .plain,
                              readLine: { later.next() }, write: { prompts.append($0) }, writeError: { _ in }).run()
        XCTAssertTrue(prompts.contains("[5/6] fit (the fit of cell 5 was interrupted: u resumes it)> "), prompts.joined(separator: "\n"))
    }
}

/// A lesson with two fit cells: each keeps its own state files, and the second
/// (which goes on training the first's weights) is stale when the first changes.
final class TwoFitRunnerTests: LessonRunningTestCase {
    static let lesson = """
    # Two fits

    ```setup
    threads = 1
    ```

    ```model
    input(shape: (5, 1))
    lstm(units: 3)
    dense(units: 1)
    compile()
    ```

    ```data
    f(x) = sin(x / 3)
    series(f, count: 60)
    windows(length: 5)
    ```

    ```fit
    fit(batch_size: 16, epochs: 2, validation_split: 0.2, shuffle: false)
    ```

    ```fit {name=more}
    fit(batch_size: 16, epochs: 3, validation_split: 0.2, shuffle: true)
    ```

    ```validate
    load_model("best")
    forecast(steps: 5)
    ```

    """

    /// Lesson 04's pattern: a second fit reads a number the first validate cell bound, and
    /// a last validate compares with that cell's forecast. `lesson list` forecasts
    /// nothing, so it takes both from the validate cell's record; after a full run every
    /// cell is fresh, not "(unbound)".
    func testAFitAfterAValidateReadsWhatItBound() throws {
        let text = TwoFitRunnerTests.lesson
            .replacingOccurrences(of: "```fit {name=more}", with: """
                ```validate {name=first}
                load_model("best")
                forecast(steps: 5)
                more_epochs = best_epoch + 1
                first_forecast = predictions
                ```

                ```fit {name=more}
                """)
            .replacingOccurrences(of: "epochs: 3, validation_split: 0.2, shuffle: true", with: "epochs: more_epochs, validation_split: 0.2, shuffle: true")
            + "\n```validate {name=compare}\nplot(file: \"both.png\", compare: first_forecast)\n```\n"
        let sandbox = try LessonSandbox(name: "fit-after-validate", text: text)
        defer { sandbox.remove() }
        let run = try sandbox.run()
        XCTAssertTrue(run.text.contains("epochs"), run.text)
        let states = try sandbox.states()
        XCTAssertEqual(states.count, 8)
        XCTAssertTrue(states.allSatisfy { $0.status == .fresh }, "\(states.map(\.status))")
    }

    func testEachFitKeepsItsOwnStateAndChainsItsKey() throws {
        let sandbox = try LessonSandbox(name: "two-fits", text: TwoFitRunnerTests.lesson)
        defer { sandbox.remove() }
        let first = try sandbox.run()
        let folders = try sandbox.fitFolders()
        XCTAssertEqual(folders.map { ($0 as NSString).lastPathComponent.prefix(16) }, ["fit4,as-written-", "more,as-written-"])
        XCTAssertTrue(first.text.contains("Loaded \(folders[1])/last.safetensors: the fit kept no checkpoints"), first.text)
        XCTAssertNotNil(FileManager.default.contents(atPath: folders[0] + "/last.safetensors"))
        XCTAssertNotNil(sandbox.contents("history-4.csv"))
        XCTAssertNotNil(sandbox.contents("history-more.csv"))
        let again = try sandbox.run(.only("validate"))
        XCTAssertEqual(again.epochs.count, 0, again.text)
        XCTAssertEqual(again.events.filter { $0.hasPrefix("skip ") }.count, 2, again.text)
        try sandbox.write(TwoFitRunnerTests.lesson.replacingOccurrences(of: "epochs: 2,", with: "epochs: 1,"))
        XCTAssertEqual(try sandbox.states().map(\.status).suffix(3),
                       [.stale("cell text changed"), .stale("fit changed"), .stale("fit changed")])
    }
}

/// How `lesson step` ends: with its latest failure that no later run mended, or
/// interrupted at the prompt.
final class StepEndingTests: LessonRunningTestCase {
    static let lesson = """
    # Reads a file

    ```setup
    seed = 0
    ```

    ```data
    series(csv: "wave.csv", column: "wave")
    ```

    ```validate
    print("read")
    ```
    """

    /// Steps through the lesson answering `answers`; `before[n]` runs before answer n
    /// (from 0) is given.
    private func ending(_ answers: [String], before: [Int: (LessonSandbox, Interrupt) throws -> Void] = [:]) throws -> StepEnding {
        let sandbox = try LessonSandbox(name: "reads-a-file", text: StepEndingTests.lesson)
        defer { sandbox.remove() }
        let interrupt = Interrupt()
        var given = 0
        let stepper = LessonStepper(
            options: sandbox.options(), observer: RecordingObserver(), interrupt: interrupt, style: .plain,
            readLine: {
                defer { given += 1 }
                try? before[given]?(sandbox, interrupt)
                return given < answers.count ? answers[given] : nil
            },
            write: { _ in }, writeError: { _ in })
        return try stepper.run()
    }

    private static func writeSeries(_ sandbox: LessonSandbox, _ interrupt: Interrupt) throws {
        try "t,wave\n0,0.5\n1,0.25\n".write(toFile: sandbox.folder + "/Lessons/wave.csv", atomically: true, encoding: .utf8)
    }

    func testAFailedCellGivesItsStatusAtTheEnd() throws {
        XCTAssertEqual(try ending(["j 2", "r"]), .finished(status: 74))
        XCTAssertEqual(try ending(["j 2", "r", "q"]), .finished(status: 74))
    }

    func testAFailureMendedByALaterRunNoLongerCounts() throws {
        XCTAssertEqual(try ending(["j 2", "r", "rr"], before: [2: StepEndingTests.writeSeries]), .finished(status: 0))
    }

    func testCtrlCAtThePromptIsAnInterruption() throws {
        XCTAssertEqual(try ending(["r"], before: [1: { _, interrupt in interrupt.request() }]), .interrupted)
    }
}
