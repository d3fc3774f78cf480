import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// Steps that need a run to show what they do: rollouts and schedules, plot comparisons, a
/// CSV series with its holdout.
final class StepRunTests: LessonRunningTestCase {
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
}
