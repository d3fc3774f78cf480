import Foundation
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Hostile lessons: a lesson writes only inside its result folder and reads only in its
/// own folder, its result folder and the folders `--allow-read` names; `--result-dir`
/// moves the results. Each refusal is a lesson error (exit 65) at the cell's line.
final class PathSafetyTests: XCTestCase {
    private var sandbox: LessonSandbox!
    /// A folder beside the sandbox's `Lessons/` and `result/`, outside both.
    private var outside: String { sandbox.folder + "/outside" }

    override func setUpWithError() throws {
        sandbox = try LessonSandbox()
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let rows = (0..<60).map { "\($0),\(sin(Double($0) / 3))" }
        try ("t,level\n" + rows.joined(separator: "\n") + "\n").write(toFile: outside + "/wave.csv", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        sandbox.remove()
    }

    /// The small lesson with `original` replaced by `replacement`.
    private func write(_ original: String, _ replacement: String) throws {
        XCTAssertTrue(smallLesson.contains(original), original)
        try sandbox.write(smallLesson.replacingOccurrences(of: original, with: replacement))
    }

    /// A lesson that reads `file` as its series and stops after the data cell.
    private func writeReading(_ file: String) throws {
        try write("f(x) = sin(x * (2 * pi / STEPS_PER_CYCLE))\nseries(f, count: NUM_OF_CYCLE * STEPS_PER_CYCLE)",
                  "series(csv: \"\(file)\", column: \"level\")")
    }

    private func checkError(_ options: RunOptions? = nil) -> LessonError? { error(options) { try $0.check() } }

    private func runError(_ options: RunOptions? = nil) -> LessonError? { error(options) { try $0.run() } }

    /// The lesson error `body` throws with a runner of `options` (the sandbox's by default).
    private func error(_ options: RunOptions?, _ body: (LessonRunner) throws -> Void) -> LessonError? {
        do {
            try body(LessonRunner(options: options ?? sandbox.options(), observer: RecordingObserver()))
            return nil
        } catch {
            return error as? LessonError
        }
    }

    private func line(of text: String) throws -> Int {
        let lines = try String(contentsOfFile: sandbox.lessonPath, encoding: .utf8).components(separatedBy: "\n")
        return try XCTUnwrap(lines.firstIndex { $0.contains(text) }) + 1
    }

    func testWritesOutsideTheResultFolderAreRefusedByCheckAndRun() throws {
        let cases = [
            ("file: \"prediction.png\"", "file: \"../../x.png\"", "file must be"),
            ("file: \"prediction.png\"", "file: \"/tmp/x.png\"", "file must be"),
            ("filepath: \"model{epoch:03d}", "filepath: \"../../model{epoch:03d}", "model_checkpoint filepath must be"),
            // A fill character makes `../1` of the first epoch's name.
            ("filepath: \"model{epoch:03d}", "filepath: \"..{epoch:/>2}", "model_checkpoint filepath \"..{epoch:/>2}"),
            ("threads = 1", "threads = 1\nresult_dir = \"../elsewhere\"", "result_dir must be"),
        ]
        for (original, hostile, start) in cases {
            try write(original, hostile)
            let checked = try XCTUnwrap(checkError(), hostile)
            XCTAssertTrue(checked.message.hasPrefix(start), checked.message)
            XCTAssertTrue(checked.message.contains("relative and without \"..\""), checked.message)
            XCTAssertTrue(checked.message.contains("--result-dir PATH"), checked.message)
            XCTAssertEqual(checked.exitCode, 65)
            XCTAssertEqual(checked.line, try line(of: hostile.components(separatedBy: "\n").last ?? hostile), hostile)
            XCTAssertEqual(runError(), checked, hostile)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/x.png"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.folder + "/elsewhere"))
    }

    /// Names a file system cannot hold (a part over 200 bytes, leaving room for the
    /// temporary name) and names with control characters are lesson errors that `check`
    /// finds, as a run does, at the line: never a failed write at run time.
    func testNamesNoFileSystemHoldsAreRefusedByCheck() throws {
        let long = String(repeating: "p", count: 230)
        let cases = [
            ("file: \"prediction.png\"", "file: \"\(long).png\"", "parts are at most 200 bytes long (one is 234)"),
            ("file: \"prediction.png\"", "file: \"a\\tb.png\"", "without control characters"),
            ("file: \"prediction.png\"", "file: \"a\\nb.png\"", "without control characters"),
            // A template whose names are too long (checked at epoch 1 and at a wide epoch and loss).
            ("filepath: \"model{epoch:03d}", "filepath: \"m{epoch:x>195}", "parts are at most 200 bytes long"),
        ]
        for (original, hostile, words) in cases {
            try write(original, hostile)
            let checked = try XCTUnwrap(checkError(), hostile)
            XCTAssertTrue(checked.message.contains(words), checked.message)
            XCTAssertLessThan(checked.message.count, 500, "a long name is quoted shortened: \(checked.message)")
            XCTAssertEqual(checked.exitCode, 65)
            XCTAssertEqual(checked.line, try line(of: hostile.components(separatedBy: "\n").last ?? hostile), hostile)
            XCTAssertEqual(runError(), checked, hostile)
        }
    }

    /// With --result-dir given, a refusal no longer advises giving it.
    func testRefusalsDoNotAdviseAResultDirAlreadyGiven() throws {
        try write("file: \"prediction.png\"", "file: \"../../x.png\"")
        XCTAssertTrue(try XCTUnwrap(checkError()).message.hasSuffix("give --result-dir PATH on the command line"))
        var options = sandbox.options()
        options.resultDirectory = outside + "/chosen"
        let refused = try XCTUnwrap(checkError(options))
        XCTAssertEqual(refused.message, "file must be a file name inside the result folder, relative and without \"..\", "
                       + "got \"../../x.png\"")
        XCTAssertEqual(runError(options)?.message, refused.message)
    }

    func testASymbolicLinkInTheResultFolderCannotLeadAWriteOutside() throws {
        try FileManager.default.createDirectory(atPath: sandbox.results, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.results + "/out", withDestinationPath: outside)
        try write("file: \"prediction.png\"", "file: \"out/prediction.png\"")
        XCTAssertNil(checkError(), "only a run knows what the result folder holds")
        // The link is refused when the store opens, before any cell runs, naming it.
        let error = try XCTUnwrap(runError())
        XCTAssertEqual(error.file, sandbox.results + "/out")
        XCTAssertTrue(error.message.hasPrefix("a symbolic link inside the result folder"), error.message)
        XCTAssertTrue(error.message.contains("remove the link"), error.message)
        XCTAssertEqual(error.exitCode, 65)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside + "/prediction.png"))
    }

    func testEveryNameACheckpointTemplateMakesIsChecked() throws {
        let paths = LessonPaths(lessonPath: sandbox.lessonPath, resultFolder: sandbox.results, allowedReads: [])
        XCTAssertThrowsError(try paths.writable("../1.safetensors", in: sandbox.results + "/fits/a")) { error in
            XCTAssertTrue((error as? PathRefusal)?.message.hasPrefix("cannot write \"../1.safetensors\"") == true, "\(error)")
        }
        XCTAssertEqual(try paths.writable("ckpt/m1.safetensors", in: sandbox.results + "/fits/a"),
                       sandbox.results + "/fits/a/ckpt/m1.safetensors")
    }

    func testReadsOutsideTheLessonAndResultFoldersNeedAllowRead() throws {
        try writeReading("../outside/wave.csv")
        let refused = try XCTUnwrap(checkError())
        let real = LessonPaths.resolved(outside)
        XCTAssertEqual(refused.message, "cannot read \"../outside/wave.csv\": it leads to \(real)/wave.csv, outside the lesson's "
                       + "folder \(sandbox.folder)/Lessons and its result folder \(sandbox.results); to let the lesson read there, "
                       + "give --allow-read \(real) on the command line")
        XCTAssertEqual(refused.line, try line(of: "series(csv:"))
        XCTAssertEqual(refused.exitCode, 65)
        XCTAssertEqual(runError(), refused)

        var allowed = sandbox.options(.only("data"))
        allowed.allowedReads = [outside]
        XCTAssertNil(checkError(allowed))
        XCTAssertNil(runError(allowed))

        try writeReading(outside + "/wave.csv")
        XCTAssertTrue(try XCTUnwrap(checkError()).message.hasPrefix("cannot read \"\(outside)/wave.csv\""))
        XCTAssertNil(checkError(allowed), "an absolute path inside an allowed folder")
    }

    func testASymbolicLinkInTheLessonFolderCannotLeadAReadOutside() throws {
        try FileManager.default.createSymbolicLink(atPath: sandbox.folder + "/Lessons/data", withDestinationPath: outside)
        try writeReading("data/wave.csv")
        let refused = try XCTUnwrap(checkError())
        XCTAssertTrue(refused.message.hasPrefix("cannot read \"data/wave.csv\": it leads to \(LessonPaths.resolved(outside))/wave.csv"),
                      refused.message)
        XCTAssertEqual(runError(), refused)
    }

    func testResultDirOnTheCommandLineMovesEverything() throws {
        try write("threads = 1", "threads = 1\nresult_dir = \"result/other\"")
        var options = sandbox.options()
        options.resultDirectory = outside + "/moved"
        XCTAssertNil(runError(options))
        for name in ["prediction.png", "loss.png", "report.md", "forecast.csv", "history.csv", "runs", "fits", "store"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: outside + "/moved/" + name), name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.resultRoot), "nothing in result/")
        XCTAssertEqual(try LessonRunner(options: options, observer: RecordingObserver()).resultDirectory(), outside + "/moved")
    }

    func testCleanAllLeavesAFolderLessonDidNotMakeAlone() throws {
        try Data("mine".utf8).write(to: URL(fileURLWithPath: outside + "/notes.txt"))
        var options = sandbox.options(.only("data"))
        options.resultDirectory = outside
        // A folder holding files of the user's is not a result folder: a run refuses it
        // before writing anything, and so does clean.
        let message = "\(outside) cannot be a result folder: it holds files lesson did not write (notes.txt), and lesson "
            + "clean removes what a result folder holds; give --result-dir a new or empty folder, or one lesson made"
        XCTAssertEqual(runError(options)?.message, message)
        XCTAssertEqual(runError(options)?.exitCode, 64)
        XCTAssertThrowsError(try LessonRunner(options: options, observer: RecordingObserver()).clean(keep: nil)) { error in
            XCTAssertEqual((error as? LessonError)?.message, message)
            XCTAssertEqual((error as? LessonError)?.exitCode, 64)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside).sorted(), ["notes.txt", "wave.csv"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside + "/notes.txt"))
    }

    func testResultDirInTheSetupCellIsBesideTheResultRoot() throws {
        try write("threads = 1", "threads = 1\nresult_dir = \"result/other\"")
        XCTAssertEqual(try LessonRunner(options: sandbox.options(), observer: RecordingObserver()).resultDirectory(),
                       sandbox.folder + "/result/other")
        // `outside` is still beside result/; a link to another temporary folder is not.
        let away = NSTemporaryDirectory() + "lesson-tests-away-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: away, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: away) }
        try FileManager.default.createSymbolicLink(atPath: sandbox.folder + "/link", withDestinationPath: away)
        try write("threads = 1", "threads = 1\nresult_dir = \"link/other\"")
        let refused = try XCTUnwrap(checkError())
        XCTAssertTrue(refused.message.hasPrefix("result_dir \"link/other\" leads to \(LessonPaths.resolved(away))/other "
                                                + "through a symbolic link, outside \(sandbox.folder)"), refused.message)
        XCTAssertEqual(refused.line, try line(of: "result_dir"))
    }
}
