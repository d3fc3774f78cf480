import Foundation
import XCTest

/// The lessons users run: lesson 01 at small sizes (checking every file it writes),
/// lessons 03 and 06 and the vocabulary lesson as written, with their `expect` lines,
/// and lessons 04, 05 and 07 at small sizes.
final class ShippedLessonTests: XCTestCase {
    func testLessonOneWithSmallOverridesWritesEveryFile() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Program.copy("Lessons/01-sine-wave.md", into: folder)
        // 4 cycles of 80 steps: 320 samples, 240 windows, 168 train / 72 validate.
        let run = try Program.run(["run", "Lessons/01-sine-wave.md", "--set", "N_HIDDEN=8", "--set", "NUM_OF_CYCLE=4",
                                   "--set", "EPOCH_NM=3", "--set", "BATCH_NM=64"], in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertTrue(run.output.contains("Epoch 3/3"), run.output)
        XCTAssertTrue(run.output.contains("best epoch"), run.output)

        let results = folder + "/result/01-sine-wave/"
        let files = try FileManager.default.contentsOfDirectory(atPath: results).sorted()
        // The fit's own folder, named by its overrides and key.
        let fits = try FileManager.default.contentsOfDirectory(atPath: results + "fits")
        XCTAssertEqual(fits.count, 1, "\(fits)")
        let fit = fits.first ?? ""
        XCTAssertNotNil(fit.range(of: #"^N_HIDDEN=8,NUM_OF_CYCLE=4,EPOCH_NM=3,BATCH_NM=64-[0-9a-f]{8}$"#, options: .regularExpression), fit)
        let fitFiles = try FileManager.default.contentsOfDirectory(atPath: results + "fits/" + fit)
        XCTAssertTrue(fitFiles.contains("last.safetensors") && fitFiles.contains("history.csv") && fitFiles.contains("fit.json"),
                      "\(fitFiles)")
        let checkpoints = fitFiles.filter { $0.hasPrefix("model") && $0.hasSuffix(".safetensors") }
        XCTAssertFalse(checkpoints.isEmpty, "\(fitFiles)")
        for name in checkpoints {
            // model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.3f}.safetensors
            XCTAssertNotNil(name.range(of: #"^model00[1-3]-loss\d+\.\d{3}-vloss\d+\.\d{3}\.safetensors$"#,
                                       options: .regularExpression), name)
        }
        for name in ["history.csv", "forecast.csv", "prediction.png", "loss.png", "report.md", "store", "fits"] {
            XCTAssertTrue(files.contains(name), "\(name) missing from \(files)")
        }

        let history = try String(contentsOfFile: results + "history.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(history.first, "epoch,loss,val_loss,seconds")
        XCTAssertEqual(history.count, 4, "header and 3 epochs: \(history)")
        for (index, line) in history.dropFirst().enumerated() {
            let fields = line.split(separator: ",")
            XCTAssertEqual(fields.count, 4, line)
            XCTAssertEqual(fields.first.map(String.init), String(index + 1), line)
            XCTAssertTrue(fields.dropFirst().allSatisfy { Double($0).map { $0.isFinite && $0 >= 0 } ?? false }, line)
        }

        // The forecast continues the series: absolute steps 320…519, truth sin(step·2π/80).
        let forecast = try String(contentsOfFile: results + "forecast.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(forecast.first, "step,truth,prediction")
        XCTAssertEqual(forecast.count, 201)
        for (index, line) in forecast.dropFirst().enumerated() {
            let fields = line.split(separator: ",").compactMap { Double($0) }
            XCTAssertEqual(fields.count, 3, line)
            guard fields.count == 3 else { continue }
            XCTAssertEqual(fields[0], Double(320 + index), line)
            XCTAssertEqual(fields[1], sin(fields[0] * 2 * Double.pi / 80), accuracy: 1e-6, line)
            XCTAssertTrue(fields[2].isFinite, line)
        }

        for name in ["prediction.png", "loss.png"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: results + name))
            XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name)
        }
        let report = try String(contentsOfFile: results + "report.md", encoding: .utf8)
        XCTAssertTrue(report.hasPrefix("# Predicting a sine wave with an LSTM"), report)
        XCTAssertTrue(report.contains("| `N_HIDDEN` | `8` |"), report)
        XCTAssertTrue(report.contains("![prediction.png](prediction.png)"), report)
    }

    /// Lesson 04 at small sizes: both runs start from the same weights (3 epochs are too few
    /// for the schedule to cut, so both forecasts are the same), the comparison plot is
    /// written, and the lesson's `expect` fails a run that misses the target (exit 1).
    func testLessonFourComparesTwoRunsAndAssertsItsTarget() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try checkAndRunSmall("04-stable-forecasts.md", epochs: 3, in: folder)
        XCTAssertEqual(run.status, 1, run.output + run.errors)
        XCTAssertTrue(run.errors.contains("expect(rmse <= 0.05) failed"), run.errors)
        let faithful = run.output.split(separator: "\n").first { $0.hasPrefix("faithful: best epoch") }
        let improved = run.output.split(separator: "\n").first { $0.hasPrefix("improved: best epoch") }
        XCTAssertNotNil(faithful, run.output)
        XCTAssertEqual(faithful?.dropFirst("faithful".count), improved?.dropFirst("improved".count), run.output)
        let results = folder + "/result/04-stable-forecasts/"
        let files = try FileManager.default.contentsOfDirectory(atPath: results)
        XCTAssertTrue(files.contains("prediction.png"), "\(files)")
        // Each fit in its own folder, with its own checkpoints.
        let fits = try FileManager.default.contentsOfDirectory(atPath: results + "fits").sorted()
        XCTAssertEqual(fits.count, 2, "\(fits)")
        let faithfulFiles = try FileManager.default.contentsOfDirectory(atPath: results + "fits/" + (fits.first ?? ""))
        let improvedFiles = try FileManager.default.contentsOfDirectory(atPath: results + "fits/" + (fits.last ?? ""))
        XCTAssertTrue(faithfulFiles.contains { $0.hasPrefix("faithful00") }, "\(fits): \(faithfulFiles)")
        XCTAssertTrue(improvedFiles.contains { $0.hasPrefix("improved00") }, "\(fits): \(improvedFiles)")
        // The failed expect is kept: report.md says which, and lesson list shows the cell as failed.
        let report = try String(contentsOfFile: results + "report.md", encoding: .utf8)
        XCTAssertTrue(report.contains("## Failed") && report.contains("expect(rmse <= 0.05) failed"), report)
        let list = try Program.run(["list", "Lessons/04-stable-forecasts.md", "--set", "N_HIDDEN=8", "--set", "NUM_OF_CYCLE=4",
                                    "--set", "EPOCH_NM=3", "--set", "BATCH_NM=64"], in: folder)
        XCTAssertTrue(list.output.contains("failed: Lessons/04-stable-forecasts.md:"), list.output)
    }

    /// Lesson 05 at small sizes: both fits and forecasts run, the direct forecast is
    /// drawn over the recursive one, and two epochs are too few for the lesson's claims
    /// (its `expect` fails the run with exit status 1).
    func testLessonFiveComparesRecursiveAndDirectForecasts() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 4 cycles: 320 values, 240 one-step windows and 320 − 80 − 40 + 1 = 201 windows of 40 targets.
        let run = try checkAndRunSmall("05-direct-multi-step.md", epochs: 2, in: folder)
        XCTAssertEqual(run.status, 1, run.output + run.errors)
        XCTAssertTrue(run.output.contains("data: 201 windows of 80 steps, each with the next 40 values as its target"), run.output)
        XCTAssertTrue(run.errors.contains("expect(recursive_rmse < 0.016 and rmse < 0.04) failed"), run.errors)
        let results = folder + "/result/05-direct-multi-step/"
        let forecast = try String(contentsOfFile: results + "forecast.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(forecast.first, "step,truth,prediction")
        XCTAssertEqual(forecast.count, 201)
        XCTAssertTrue(FileManager.default.fileExists(atPath: results + "prediction.png"))
        let report = try String(contentsOfFile: results + "report.md", encoding: .utf8)
        XCTAssertTrue(report.contains("200 steps, 320–519, 40 steps a model call, each block fed back as the next inputs"), report)
    }

    func testLessonThreeKeepsItsPromises() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Program.copy("Lessons/03-stacked-lstms-on-a-tide.md", into: folder)
        try Program.copy("Lessons/data", into: folder)
        let run = try Program.run(["run", "Lessons/03-stacked-lstms-on-a-tide.md", "--quiet"], in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertTrue(run.output.contains("best epoch"), run.output)
    }

    func testVocabularyLessonPassesItsExpectations() throws {
        let folder = try Program.sandbox(["vocabulary.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try checkAndRunTestLesson("vocabulary.md", in: folder)
        XCTAssertTrue(run.output.contains("epochs 8.0 check (1, 2) [3, 4.5] -4 1 true"), run.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/result/e2e-vocabulary/prediction.png"))
    }

    func testMultiseriesLessonRunsEveryNewWord() throws {
        let folder = try Program.sandbox(["multiseries.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try checkAndRunTestLesson("multiseries.md", in: folder)
        let results = folder + "/result/e2e-multiseries/"
        for file in ["level.png", "temp.png", "drive.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: results + file), file)
        }
        // The last forecast predicted both of its columns: a truth and a prediction column each.
        let csv = try String(contentsOfFile: results + "forecast.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("step,truth_drive,prediction_drive,truth_temp,prediction_temp\n144,"), csv)
        XCTAssertEqual(csv.split(separator: "\n").count, 17)
        let report = try String(contentsOfFile: results + "report.md", encoding: .utf8)
        XCTAssertTrue(report.contains("over the columns drive, temp\n- drive: RMSE "), report)
        // lesson list keys the cells as the run did (the shuffle's draw counts the windows a horizon leaves).
        let list = try Program.run(["list", "Lessons/multiseries.md"], in: folder)
        XCTAssertEqual(list.output.components(separatedBy: " fresh ").count - 1, 11, list.output)
        // A multivariate plot without column: is an error in the lesson, at its line and column.
        let broken = try String(contentsOfFile: folder + "/Lessons/multiseries.md", encoding: .utf8)
            .replacingOccurrences(of: "plot(file: \"level.png\", column: \"level\")", with: "plot(file: \"level.png\")")
        try broken.write(toFile: folder + "/Lessons/broken.md", atomically: true, encoding: .utf8)
        let refused = try Program.run(["check", "Lessons/broken.md"], in: folder)
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.errors.contains("Lessons/broken.md:52:1: validate: the forecast predicts 2 columns; "
                                              + "plot(column:) chooses the one to draw: \"level\", \"temp\""), refused.errors)
    }

    /// Lesson 06 as written (about a second): the holdout counts raw months, the seasonal
    /// difference and the standard scale are fitted on the 492 months before it (the same
    /// mean and deviation as tools/classical-baselines.py: 1.3056 and 0.6806 ppm), the
    /// forecast's truth is the CSV's last 24 values, and both `expect` promises hold.
    func testLessonSixScalesFromTheTrainingPartAndKeepsItsPromises() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Program.copy("Lessons/06-real-series.md", into: folder)
        try Program.copy("Lessons/data", into: folder)
        let check = try Program.run(["check", "Lessons/06-real-series.md"], in: folder)
        XCTAssertEqual(check.status, 0, check.output + check.errors)
        let run = try Program.run(["run", "Lessons/06-real-series.md"], in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        for line in ["data: 492 values of data/co2-monthly.csv column \"co2\", 24 held out; differenced at lag 12",
                     "'co2' mean 1.30561, std 0.680563",
                     "data: 468 windows of 12 steps",
                     "fit: 374 windows train, 94 validate"] {
            XCTAssertTrue(run.output.contains(line), "\(line)\n\(run.output)")
        }
        let forecast = try String(contentsOfFile: folder + "/result/06-real-series/forecast.csv", encoding: .utf8)
            .split(separator: "\n")
        XCTAssertEqual(forecast.count, 25)
        XCTAssertTrue(forecast.dropFirst().first?.hasPrefix("492,369.02,") == true, "\(forecast.prefix(2))")
        XCTAssertTrue(forecast.last?.hasPrefix("515,371.02,") == true, "\(forecast.suffix(1))")
    }

    /// Lesson 07 at small sizes: it checks for every kind, its sweep over `CELL` trains an
    /// LSTM, a GRU and a SimpleRNN, and two epochs are too few for its first promise.
    func testLessonSevenSweepsTheThreeCells() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Program.copy("Lessons/07-recurrent-cells.md", into: folder)
        for kind in ["lstm", "gru", "simple_rnn"] {
            let check = try Program.run(["check", "Lessons/07-recurrent-cells.md", "--set", "CELL=" + kind], in: folder)
            XCTAssertEqual(check.status, 0, check.output + check.errors)
        }
        let sweep = try Program.run(["run", "Lessons/07-recurrent-cells.md", "--sweep", "CELL=lstm,gru,simple_rnn",
                                     "--set", "N_HIDDEN=8", "--set", "NUM_OF_CYCLE=4", "--set", "EPOCH_NM=2",
                                     "--set", "BATCH_NM=64"], in: folder)
        XCTAssertEqual(sweep.status, 1, sweep.output + sweep.errors)
        for kind in ["lstm", "gru", "simple_rnn"] {
            XCTAssertTrue(sweep.output.contains("model: input (80, 1) → \(kind) 8 → dense 1"), "\(kind)\n\(sweep.output)")
            XCTAssertTrue(sweep.errors.contains("CELL=\(kind): Lessons/07-recurrent-cells.md:113:8: validate: expect(rmse < 0.3) failed"),
                          "\(kind)\n\(sweep.errors)")
        }
    }

    /// Copies the test lessons' data beside `lesson` in the sandbox, checks it and runs it; both must succeed.
    @discardableResult
    private func checkAndRunTestLesson(_ lesson: String, in folder: String) throws -> ProgramRun {
        try FileManager.default.copyItem(atPath: Program.packageRoot.appendingPathComponent("Tests/EndToEndTests/Lessons/data").path,
                                         toPath: folder + "/Lessons/data")
        let check = try Program.run(["check", "Lessons/" + lesson], in: folder)
        XCTAssertEqual(check.status, 0, check.output + check.errors)
        let run = try Program.run(["run", "Lessons/" + lesson], in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        return run
    }

    /// Copies shipped lesson `lesson` into the sandbox, checks it (which must pass) and runs it
    /// at small sizes: 8 units, 4 cycles, batches of 64, `epochs` epochs.
    private func checkAndRunSmall(_ lesson: String, epochs: Int, in folder: String) throws -> ProgramRun {
        try Program.copy("Lessons/" + lesson, into: folder)
        let check = try Program.run(["check", "Lessons/" + lesson], in: folder)
        XCTAssertEqual(check.status, 0, check.output + check.errors)
        return try Program.run(["run", "Lessons/" + lesson, "--set", "N_HIDDEN=8", "--set", "NUM_OF_CYCLE=4",
                                "--set", "EPOCH_NM=\(epochs)", "--set", "BATCH_NM=64"], in: folder)
    }

    /// The recurrent words (`recurrent(kind:)`, `gru(...)`, `simple_rnn(...)`) check and
    /// run, a sweep over the kind given as the shell passes it (no quotes) trains each, and
    /// a kind that is no recurrent layer is an error at its argument.
    func testRecurrentKindsLessonSweepsEveryKind() throws {
        let folder = try Program.sandbox(["recurrent-kinds.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Program.packageRoot.appendingPathComponent("Tests/EndToEndTests/Lessons/data").path,
                                         toPath: folder + "/Lessons/data")
        let check = try Program.run(["check", "Lessons/recurrent-kinds.md"], in: folder)
        XCTAssertEqual(check.status, 0, check.output + check.errors)
        let sweep = try Program.run(["run", "Lessons/recurrent-kinds.md", "--sweep", "CELL=lstm,gru,simple_rnn"], in: folder)
        XCTAssertEqual(sweep.status, 0, sweep.output + sweep.errors)
        for line in ["model: input (10, 1) → lstm 6 → gru 5 → simple_rnn 4 → dense 1",
                     "model: input (10, 1) → gru 6 → gru 5 → simple_rnn 4 → dense 1",
                     "model: input (10, 1) → simple_rnn 6 → gru 5 → simple_rnn 4 → dense 1"] {
            XCTAssertTrue(sweep.output.contains(line), "\(line)\n\(sweep.output)")
        }
        let rows = sweep.output.split(separator: "\n").filter { $0.hasPrefix("lstm ") || $0.hasPrefix("gru ") || $0.hasPrefix("simple_rnn ") }
        XCTAssertEqual(rows.count, 3, sweep.output)
        XCTAssertTrue(rows.allSatisfy { $0.contains(" done ") }, sweep.output)

        let bad = try Program.run(["check", "Lessons/recurrent-kinds.md", "--set", "CELL=rnn"], in: folder)
        XCTAssertEqual(bad.status, 65, bad.output + bad.errors)
        XCTAssertTrue(bad.errors.hasPrefix("""
            error: Lessons/recurrent-kinds.md:21:17: model: kind must be one of "lstm", "gru", "simple_rnn", got "rnn"
            recurrent(kind: CELL, units: 6, return_sequences: true)
                            ^
            """), bad.errors)
    }
}
