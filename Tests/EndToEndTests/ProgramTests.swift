import Foundation
import XCTest

/// The built `lesson` program on small lessons: output, exit codes, files written.
final class ProgramTests: XCTestCase {
    /// `lesson --version` prints the one version constant, and a chart records that
    /// version and the command as typed, with no folder of the machine in its bytes.
    func testVersionIsTheOneTheChartsRecord() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let version = try Program.run(["--version"], in: folder)
        XCTAssertEqual(version.status, 0, version.errors)
        let printed = version.output.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(printed.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression), printed)
        let run = try Program.run(["run", "Lessons/01-small-sine.md", "--set", "EPOCH_NM=2"], in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        for name in ["prediction.png", "loss.png"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/result/01-small-sine/" + name))
            XCTAssertNotNil(bytes.range(of: Data("Software\u{0}lesson \(printed)".utf8)), name)
            XCTAssertNotNil(bytes.range(of: Data("Command\u{0}lesson run Lessons/01-small-sine.md --set EPOCH_NM=2".utf8)), name)
            XCTAssertNil(bytes.range(of: Data(folder.utf8)), "\(name) holds the sandbox's path")
        }
    }

    func testRunsTheFirstLessonAndKeepsItsResults() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Program.run(["run"], in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertTrue(run.output.contains("[4/6] data  Lessons/01-small-sine.md:28"), run.output)
        XCTAssertTrue(run.output.contains("Epoch 4/4 "), run.output)
        XCTAssertTrue(run.output.contains("Epoch 1: val_loss improved from inf to "), run.output)
        XCTAssertFalse(run.output.contains("\r"), "not a terminal: no carriage returns")
        XCTAssertFalse(run.output.contains("\u{1B}["), "NO_COLOR and a pipe: no escape codes")
        let results = folder + "/result/01-small-sine/"
        for name in ["history.csv", "forecast.csv", "prediction.png", "loss.png", "report.md", "fits", "store/cells"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: results + name), name)
        }
        XCTAssertEqual(try keptFiles(results).keys.filter { $0.hasSuffix("/last.safetensors") }.count, 1)

        let kept = try keptFiles(results)
        let again = try Program.run(["run", "Lessons/01-small-sine.md", "--cell", "validate"], in: folder)
        XCTAssertEqual(again.status, 0, again.errors)
        XCTAssertTrue(again.output.contains("fresh: 4 epochs"), again.output)
        XCTAssertTrue(again.output.contains("not retrained"), again.output)
        XCTAssertFalse(again.output.contains("Epoch 1/"), again.output)
        XCTAssertEqual(try keptFiles(results), kept, "checkpoints and history.csv must stay byte-identical")

        let list = try Program.run(["list"], in: folder)
        XCTAssertEqual(list.status, 0, list.errors)
        XCTAssertTrue(list.output.contains("5  fit        line 35  fresh"), list.output)

        let overview = try Program.run([], in: folder)
        XCTAssertEqual(overview.status, 0, overview.errors)
        XCTAssertTrue(overview.output.contains("1. Lessons/01-small-sine.md  A small sine wave  (6 cells)  done"), overview.output)

        let changed = try Program.run(["list", "--set", "EPOCH_NM=3"], in: folder)
        XCTAssertTrue(changed.output.contains("stale: EPOCH_NM 4 → 3"), changed.output)
    }

    func testStepWithPipedInput() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Program.run(["step"], in: folder, input: "r\nr\nq\n")
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.output.contains("[1/6] setup> "), run.output)
        XCTAssertTrue(run.output.contains("[3/6] model> "), run.output)
        XCTAssertTrue(run.output.contains("22 | input(shape: (LEN_SEQ, IN_NEUR))"), run.output)
        // End of input quits too, ending the prompt's line.
        let eof = try Program.run(["step", "Lessons/01-small-sine.md"], in: folder, input: "s\n")
        XCTAssertEqual(eof.status, 0, eof.errors)
        XCTAssertTrue(eof.output.hasSuffix("[2/6] constants> \n"), eof.output)
    }

    /// `step` exits with the status `run` gives for its failure.
    func testStepExitsWithTheStatusOfItsFailure() throws {
        let folder = try Program.sandbox(["failed-expect.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Program.run(["step", "Lessons/failed-expect.md"], in: folder, input: "r\nr\nr\nr\nr\n")
        XCTAssertEqual(run.status, 1, run.output + run.errors)
        XCTAssertTrue(run.errors.contains("expect(rmse < 0) failed"), run.errors)
        XCTAssertTrue(run.output.hasSuffix("End of the lesson.\n"), run.output)
    }

    func testExitCodes() throws {
        let folder = try Program.sandbox(["01-small-sine.md", "bad-layer.md", "failed-expect.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let lessonError = try Program.run(["check", "Lessons/bad-layer.md"], in: folder)
        XCTAssertEqual(lessonError.status, 65)
        XCTAssertEqual(lessonError.errors, """
            error: Lessons/bad-layer.md:5:1: model: unknown layer 'lsmt' (did you mean 'lstm'?)
            lsmt(units: 4)
            ^

            """)

        let failed = try Program.run(["run", "Lessons/failed-expect.md"], in: folder)
        XCTAssertEqual(failed.status, 1, failed.output + failed.errors)
        XCTAssertTrue(failed.errors.contains("expect(rmse < 0) failed: rmse = "), failed.errors)

        let missing = try Program.run(["run", "Lessons/none.md"], in: folder)
        XCTAssertEqual(missing.status, 74, missing.errors)
        XCTAssertTrue(missing.errors.contains("Lessons/none.md: cannot read the lesson: no such file"), missing.errors)

        for arguments in [["run", "--cell", "9", "Lessons/01-small-sine.md"], ["run", "--set", "NOPE=1", "Lessons/01-small-sine.md"],
                          ["run", "--bogus"], ["run", "--cell", "1", "--from", "2"], ["list", "--set", "EPOCH_NM"],
                          ["bench", "--epochs", "0"], ["run", "--resume", "Lessons/01-small-sine.md"],
                          ["run", "--resume", "--force", "Lessons/01-small-sine.md"]] {
            let run = try Program.run(arguments, in: folder)
            XCTAssertEqual(run.status, 64, "\(arguments): \(run.errors)")
        }
        let ok = try Program.run(["check", "Lessons/01-small-sine.md"], in: folder)
        XCTAssertEqual(ok.status, 0, ok.errors)
        XCTAssertEqual(ok.output, "Lessons/01-small-sine.md: 6 cells check\n")

        let empty = NSTemporaryDirectory() + "lesson-e2e-empty-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let none = try Program.run([], in: empty)
        XCTAssertEqual(none.status, 74, none.errors)
        XCTAssertTrue(none.errors.contains("no lessons here"), none.errors)
    }

    func testCtrlCDuringFitKeepsTheStateAndResumeContinues() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Many epochs, so that Ctrl-C arrives during the fit.
        let arguments = ["run", "--set", "EPOCH_NM=100000", "--cell", "fit"]
        let stopped = try Program.interrupt(arguments, in: folder, after: "Epoch 3/100000")
        XCTAssertEqual(stopped.status, 1, stopped.output + stopped.errors)
        XCTAssertTrue(stopped.errors.contains("Stopping after this batch"), stopped.errors)
        XCTAssertTrue(stopped.errors.contains("the best checkpoint is kept"), stopped.errors)
        // The hint is the command as invoked, with --resume: it works exactly as printed.
        XCTAssertTrue(stopped.errors.contains(" run --set EPOCH_NM=100000 --cell fit --resume\n"), stopped.errors)
        let list = try Program.run(["list", "--set", "EPOCH_NM=100000"], in: folder)
        XCTAssertTrue(list.output.contains("stale: interrupted after epoch "), list.output)
        let fits = folder + "/result/01-small-sine/fits"
        let fit = try FileManager.default.contentsOfDirectory(atPath: fits)
        XCTAssertEqual(fit.count, 1, "\(fit)")
        XCTAssertTrue(fit.first?.hasPrefix("EPOCH_NM=100000-") ?? false, "\(fit)")
        let history = (try? String(contentsOfFile: fits + "/" + (fit.first ?? "") + "/history.csv", encoding: .utf8)) ?? ""
        let done = history.split(separator: "\n").count - 1
        XCTAssertGreaterThanOrEqual(done, 3, history)

        // --resume alone remembers the override the fit was started with.
        let resumed = try Program.interrupt(["run", "--cell", "fit", "--resume"], in: folder, after: "Epoch \(done + 2)/100000")
        XCTAssertEqual(resumed.status, 1, resumed.output + resumed.errors)
        XCTAssertTrue(resumed.output.contains("was started with --set EPOCH_NM=100000; continuing with them"), resumed.output)
        XCTAssertTrue(resumed.output.contains("Resuming after epoch \(done) of 100000"), resumed.output)
        XCTAssertTrue(resumed.output.contains("Epoch \(done + 1)/100000"), resumed.output)
        XCTAssertFalse(resumed.output.contains("Epoch 1/100000"), resumed.output)
    }

    /// A fit killed without warning (SIGKILL: no handler runs) is listed where it stopped
    /// and `--resume` alone continues it with the override it was started with.
    func testAFitKilledWithoutWarningResumes() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let killed = try Program.interrupt(["run", "--set", "EPOCH_NM=100000", "--cell", "fit"], in: folder,
                                           after: "Epoch 4/100000", signal: SIGKILL)
        XCTAssertEqual(killed.status, SIGKILL, killed.output + killed.errors)
        let list = try Program.run(["list", "--set", "EPOCH_NM=100000"], in: folder)
        XCTAssertTrue(list.output.split(separator: "\n").contains { $0.hasPrefix("5 ") && $0.contains(" stale: interrupted after epoch ") },
                      list.output)
        let resumed = try Program.interrupt(["run", "--cell", "fit", "--resume"], in: folder, after: "/100000")
        XCTAssertEqual(resumed.status, 1, resumed.output + resumed.errors)
        XCTAssertTrue(resumed.output.contains("was started with --set EPOCH_NM=100000; continuing with them"), resumed.output)
        XCTAssertTrue(resumed.output.contains("fit: Resuming after epoch "), resumed.output)
        XCTAssertFalse(resumed.output.contains("Epoch 1/100000"), resumed.output)
    }

    /// Odd argument lists get a documented exit code, never a crash.
    func testOddArgumentsOnlyGiveDocumentedExitCodes() throws {
        let folder = try Program.sandbox(["bad-layer.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lists: [[String]] = [
            ["run", ""], ["run", "--cell", ""], ["run", "--set", "=", "Lessons/bad-layer.md"], ["run", "--threads", "-1"],
            ["run", "--threads", "99999999999999999999"], ["step", "/"], ["list", "Lessons"], ["check", "\u{0}"],
            ["run", "--from", "-1", "Lessons/bad-layer.md"], ["nonsense"], ["run", "--set", "A=1", "--set", "A=", "x.md"],
            ["run", "Lessons/bad-layer.md", "extra"], ["check", String(repeating: "a", count: 5000)],
        ]
        for arguments in lists {
            let run = try Program.run(arguments, in: folder)
            XCTAssertTrue([1, 64, 65, 74].contains(run.status), "\(arguments.map { String($0.prefix(20)) }): \(run.status) \(run.errors)")
        }
    }

    /// Every checkpoint and history.csv of the store's fits, by `<fit>/<name>`, byte for byte.
    private func keptFiles(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let fits = folder + "fits/"
        for fit in try FileManager.default.contentsOfDirectory(atPath: fits) {
            for name in try FileManager.default.contentsOfDirectory(atPath: fits + fit)
            where name.hasSuffix(".safetensors") || name == "history.csv" {
                files[fit + "/" + name] = FileManager.default.contents(atPath: fits + fit + "/" + name)
            }
        }
        return files
    }
}

extension ProgramTests {
    /// A regular file where the result folder should be: no permission bits involved, so
    /// root gets the error too. Exit 74, naming the path it could not write.
    func testAResultFolderUnderARegularFileIsAnIOError() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: folder + "/result"))
        let run = try Program.run(["run", "--cell", "model", "Lessons/01-small-sine.md"], in: folder)
        XCTAssertEqual(run.status, 74, run.output + run.errors)
        XCTAssertTrue(run.errors.contains("error: result/01-small-sine: result is a file, not a folder"), run.errors)
        XCTAssertEqual(try String(contentsOfFile: folder + "/result", encoding: .utf8), "not a folder\n")
    }
}
