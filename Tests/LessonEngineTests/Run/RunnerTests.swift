import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

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
}
