import Foundation
import XCTest

/// The result folder tried as an attacker (or an accident) would: links planted at every
/// path of the store before a run, links swapped in during one (through the program's
/// `LESSON_TEST_SWAP` hook: after `fit.json`, between epochs, before a rename), files
/// lesson never wrote, a fit that trains in another process, temporary files a killed
/// run left, a folder that is not lesson's. Every command runs against them, and a
/// marker folder outside must stay byte for byte as it was.
final class HostileFolderTests: XCTestCase {
    private var folder = ""
    private var outside = ""
    private let lesson = "Lessons/01-small-sine.md"
    private var results: String { folder + "/result/01-small-sine" }

    override func setUpWithError() throws {
        folder = try Program.sandbox(["01-small-sine.md"])
        // The lesson trains for two epochs: enough for checkpoints, fast in a debug build.
        let path = folder + "/" + lesson
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "EPOCH_NM = 4", with: "EPOCH_NM = 2")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        outside = folder + "/outside"
        try FileManager.default.createDirectory(atPath: outside + "/sub", withIntermediateDirectories: true)
        try Data("my thesis\n".utf8).write(to: URL(fileURLWithPath: outside + "/thesis.txt"))
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: outside + "/sub/notes.txt"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Every file below `outside` with its bytes (links not followed).
    private func snapshot(_ root: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [] {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isFolder)
            files[name] = isFolder.boolValue ? Data("folder".utf8) : FileManager.default.contents(atPath: root + "/" + name)
        }
        return files
    }

    /// Runs the program in the sandbox; `step` is answered "run" twice, then "quit".
    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProgramRun {
        try Program.run(arguments, in: folder, input: arguments.first == "step" ? "r\nr\nq\n" : "", environment: environment,
                        timeout: 120)
    }

    /// A first run, so that the store holds every kind of file.
    private func makeStore() throws -> String {
        let first = try run(["run", lesson])
        XCTAssertEqual(first.status, 0, first.output + first.errors)
        let fits = try FileManager.default.contentsOfDirectory(atPath: results + "/fits")
        return "fits/" + (try XCTUnwrap(fits.first))
    }

    /// Moves `relative` of the result folder aside and puts a link to `target` in its place.
    private func plantLink(_ relative: String, to target: String) throws {
        let path = results + "/" + relative
        try FileManager.default.moveItem(atPath: path, toPath: folder + "/aside")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    private func removeLink(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: results + "/" + relative)
        try FileManager.default.moveItem(atPath: folder + "/aside", toPath: results + "/" + relative)
    }

    /// Links at each folder and at files of the store: every command refuses with 65 (check,
    /// which reads no store, passes), naming the link, and nothing outside changes.
    func testLinksPlantedAnywhereInTheStoreAreRefusedByEveryCommand() throws {
        let fit = try makeStore()
        let before = snapshot(outside)
        let places = ["store", "store/cells", "store/forecasts", "fits", fit, "runs", "prediction.png",
                      fit + "/last.safetensors", fit + "/history.csv"]
        let commands: [[String]] = [["run", lesson], ["run", lesson, "--force", "--cell", "fit"], ["list", lesson],
                                    ["runs", lesson], ["compare", lesson], ["clean", lesson], ["clean", lesson, "--all"],
                                    ["step", lesson]]
        for place in places {
            let target = (place as NSString).lastPathComponent.contains(".") ? outside + "/thesis.txt" : outside
            try plantLink(place, to: target)
            for command in commands {
                let result = try run(command)
                XCTAssertEqual(result.status, 65, "\(place): \(command): \(result.output) \(result.errors)")
                XCTAssertTrue(result.errors.contains("01-small-sine/\(place): a symbolic link inside the result folder"),
                              "\(place): \(command): \(result.errors)")
            }
            XCTAssertEqual(try run(["check", lesson]).status, 0)
            // watch shows the refusal and goes on watching; Ctrl-C ends it.
            let watch = try PipedSession(["watch", lesson], in: folder)
            defer { watch.stop() }
            try watch.waitFor("watch: waiting for changes")
            XCTAssertTrue(watch.text.contains("a symbolic link inside the result folder")
                          || watch.errorText.contains("a symbolic link inside the result folder"), watch.text + watch.errorText)
            watch.send(SIGINT)
            XCTAssertEqual(try watch.waitForExit(), 0)
            XCTAssertEqual(snapshot(outside), before, "after the commands with a link at \(place)")
            try removeLink(place)
        }
        XCTAssertEqual(try run(["run", lesson]).status, 0, "the store works again once the links are gone")
    }

    /// `clean` removes only what lesson wrote: files of the user's inside the folder are
    /// listed and left, by plain clean and by clean --all.
    func testCleanLeavesWhatLessonDidNotWrite() throws {
        _ = try makeStore()
        let strangers = ["store/cells/notes.txt", "fits/mydata/data.txt", "store/forecasts/own.csv"]
        for name in strangers {
            try FileManager.default.createDirectory(atPath: (results + "/" + name as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data("mine\n".utf8).write(to: URL(fileURLWithPath: results + "/" + name))
        }
        let plain = try run(["clean", lesson])
        XCTAssertEqual(plain.status, 0, plain.errors)
        XCTAssertTrue(plain.output.contains("left 3 files lesson did not write"), plain.output)
        let all = try run(["clean", lesson, "--all"])
        XCTAssertEqual(all.status, 0, all.errors)
        XCTAssertTrue(all.output.contains("lesson did not write"), all.output)
        for name in strangers {
            XCTAssertEqual(FileManager.default.contents(atPath: results + "/" + name), Data("mine\n".utf8), name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: results + "/store/cells/\(try XCTUnwrap(recordName()))"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: results + "/prediction.png"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: results + "/runs"))
        // With nothing of lesson's left, clean --all is a no-op.
        XCTAssertEqual(try run(["clean", lesson, "--all"]).status, 0)
        try FileManager.default.removeItem(atPath: results)
        let nothing = try run(["clean", lesson, "--all"])
        XCTAssertEqual(nothing.status, 0, nothing.errors)
        XCTAssertTrue(nothing.output.contains("nothing is kept"), nothing.output)
    }

    private func recordName() -> String? {
        (try? FileManager.default.contentsOfDirectory(atPath: results + "/store/cells"))?.first { $0.hasSuffix(".json") && $0.count == 21 }
            ?? "0123456789abcdef.json"
    }

    /// A fit whose lock another process holds is left by clean --all (and said so), and a
    /// run of the same fit exits 75 naming the process.
    func testCleanAndRunLeaveAFitThatIsTraining() throws {
        let fit = try makeStore()
        let lock = open(results + "/" + fit + "/.lock", O_RDWR)
        XCTAssertGreaterThanOrEqual(lock, 0)
        defer { close(lock) }
        XCTAssertEqual(flock(lock, LOCK_EX | LOCK_NB), 0)
        _ = "4242\n".withCString { pwrite(lock, $0, 5, 0) }
        let cleaned = try run(["clean", lesson, "--all"])
        XCTAssertEqual(cleaned.status, 0, cleaned.errors)
        XCTAssertTrue(cleaned.output.contains("01-small-sine/\(fit) (process 4242): it is training"), cleaned.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: results + "/" + fit + "/last.safetensors"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: results + "/prediction.png"))
        let busy = try run(["run", lesson])
        XCTAssertEqual(busy.status, 75, busy.output + busy.errors)
        XCTAssertTrue(busy.errors.contains("is training in process 4242; wait for it or stop it"), busy.errors)
    }

    /// Links swapped in while a run goes on, at named points: nothing lands outside.
    func testLinksSwappedInDuringARunLeadNothingOutside() throws {
        let fit = try makeStore()
        let before = snapshot(outside)
        let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder)) ?? folder
        // --force trains into the kept fit's folder again; a new seed writes new records and a new fit folder.
        let force = ["--force"]
        let cases: [(point: String, path: String, arguments: [String])] = [
            ("after-fit-json", fit, force), ("between-epochs", fit, force), ("between-epochs", "store/cells", ["--set", "seed=1"]),
            ("before-rename", "store/cells", ["--set", "seed=2"]), ("before-rename", "store/forecasts", ["--set", "seed=3"]),
            ("before-rename", "fits", ["--set", "seed=4"]), ("before-rename", "runs", ["--set", "seed=5"]),
        ]
        for (point, path, arguments) in cases {
            let swap = "\(point)|\(real)/result/01-small-sine/\(path)|\(outside)"
            let result = try run(["run", lesson] + arguments, environment: ["LESSON_TEST_SWAP": swap])
            // The forecast and the ledger entry are the last writes to their folders: swapped
            // before their rename, they land in the folder that was moved aside, and nothing
            // later meets the link.
            let statuses: [Int32] = path == "runs" || path == "store/forecasts" ? [0] : [65]
            XCTAssertTrue(statuses.contains(result.status), "\(point) \(path): \(result.status) \(result.output) \(result.errors)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: results + "/" + path + ".swapped"), "\(point) \(path): the hook ran")
            XCTAssertEqual(snapshot(outside), before, "\(point) \(path): \(result.output) \(result.errors)")
            // Undo the swap (the hook moved the real folder to <path>.swapped).
            let swapped = results + "/" + path
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: swapped)) != nil {
                try FileManager.default.removeItem(atPath: swapped)
                try FileManager.default.moveItem(atPath: swapped + ".swapped", toPath: swapped)
            }
            try? FileManager.default.removeItem(atPath: swapped + ".swapped")
        }
    }

    /// Temporary files of a process that no longer runs (kill -9 mid-write) are removed by
    /// the next run, with a line saying so; clean --all does not refuse because of them.
    func testAbandonedTemporaryFilesAreRemoved() throws {
        _ = try makeStore()
        let stale = ".prediction.png.99999999.0f2b63a7.tmp"
        try Data("half a png".utf8).write(to: URL(fileURLWithPath: results + "/" + stale))
        let next = try run(["run", lesson])
        XCTAssertEqual(next.status, 0, next.errors)
        XCTAssertTrue(next.errors.contains("removed 1 temporary file that a stopped lesson process left"), next.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: results + "/" + stale))
        try Data("half".utf8).write(to: URL(fileURLWithPath: results + "/store/cells/" + stale))
        let plain = try run(["clean", lesson])
        XCTAssertEqual(plain.status, 0, plain.errors)
        XCTAssertTrue(plain.errors.contains("removed 1 temporary file that a stopped lesson process left"), plain.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: results + "/store/cells/" + stale))
        try Data("half".utf8).write(to: URL(fileURLWithPath: results + "/store/" + stale))
        let all = try run(["clean", lesson, "--all"])
        XCTAssertEqual(all.status, 0, all.output + all.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: results))
    }

    /// A result folder must be lesson's own: the current folder, the lesson's folder, or a
    /// folder holding the user's files is refused before anything is written.
    func testAFolderThatIsNotLessonsIsRefused() throws {
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: folder + "/report.md"))
        let before = snapshot(folder)
        for (arguments, status) in [(["--result-dir", "."], 64), (["--result-dir", "Lessons"], 64), (["--result-dir", "outside"], 64)] {
            let result = try run(["run", lesson] + arguments)
            XCTAssertEqual(result.status, Int32(status), "\(arguments): \(result.errors)")
            XCTAssertTrue(result.errors.contains("cannot be a result folder"), result.errors)
            XCTAssertFalse(result.errors.contains("or give --result-dir"), "the flag was given: \(result.errors)")
        }
        XCTAssertEqual(snapshot(folder), before)
        let path = folder + "/" + lesson
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "threads = 1", with: "threads = 1\nresult_dir = \"outside\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let setup = try run(["run", lesson])
        XCTAssertEqual(setup.status, 65, setup.errors)
        XCTAssertTrue(setup.errors.contains("outside cannot be a result folder: it holds files lesson did not write"), setup.errors)
        // --result-dir replaces the setup cell's result_dir before it is checked, even one a run would refuse.
        try text.replacingOccurrences(of: "threads = 1", with: "threads = 1\nresult_dir = \"../elsewhere\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["check", lesson]).status, 65)
        let flag = try run(["run", lesson, "--result-dir", "chosen"])
        XCTAssertEqual(flag.status, 0, flag.errors)
        XCTAssertTrue(flag.output.contains("setup: results go to chosen (from --result-dir, instead of ../elsewhere)"), flag.output)
        XCTAssertEqual(try run(["check", lesson, "--result-dir", "chosen"]).status, 0)
    }

    /// A store made by lesson before the marker existed (a fixture made on main at 9a507f3) is
    /// adopted with every cell fresh: ResultStore.format was not bumped, keys did not move.
    func testAStoreMadeBeforeTheMarkerIsAdoptedFresh() throws {
        try FileManager.default.removeItem(atPath: folder)
        let fixture = Program.packageRoot.appendingPathComponent("Tests/EndToEndTests/Lessons/store-made-on-main").path
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        let list = try run(["list", lesson])
        XCTAssertEqual(list.status, 0, list.errors)
        let states = list.output.split(separator: "\n").filter { $0.first?.isNumber == true }
        XCTAssertEqual(states.count, 6, list.output)
        XCTAssertTrue(states.allSatisfy { $0.contains(" fresh ") }, list.output)
        let run = try run(["run", lesson])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.errors.contains("is now marked as a lesson result folder"), run.errors)
        XCTAssertFalse(run.errors.contains("warning"), "nothing of the old store is taken for damaged: \(run.errors)")
        XCTAssertTrue(run.output.contains("not retrained"), run.output)
        XCTAssertFalse(run.output.contains("Epoch 1/"), run.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: results + "/.lesson-results"))
    }

    /// An unmarked folder is adopted only when its records read: lookalike names are not a store.
    func testAnUnmarkedFolderWhoseRecordsDoNotReadIsNotAdopted() throws {
        try FileManager.default.removeItem(atPath: folder)
        let fixture = Program.packageRoot.appendingPathComponent("Tests/EndToEndTests/Lessons/store-made-on-main").path
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        let record = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: results + "/store/cells").sorted().first)
        try Data("{\"not\": \"a record\"}".utf8).write(to: URL(fileURLWithPath: results + "/store/cells/" + record))
        let refused = try run(["run", lesson])
        XCTAssertEqual(refused.status, 65, refused.errors)
        XCTAssertTrue(refused.errors.contains("its record store/cells/\(record) does not read as one lesson writes"), refused.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: results + "/.lesson-results"))
    }

    /// A store moved mid-fit resumes from where it was moved to: killed (SIGKILL, through
    /// the LESSON_TEST_KILL hook) as epoch 7 of 10 ends, `mv A B`, `--resume --result-dir B`.
    /// With seed 0 the best epoch is 6 and none after it improves, so the best checkpoint
    /// is the one written before the move; the resumed fit ends as an uninterrupted one
    /// (losses bit for bit, the forecast byte for byte) and later runs find it fresh.
    func testAStoreMovedMidFitResumesAndValidates() throws {
        let settings = ["--set", "EPOCH_NM=10"]
        let whole = try run(["run", lesson, "--result-dir", "U"] + settings)
        XCTAssertEqual(whole.status, 0, whole.errors)
        XCTAssertTrue(whole.output.contains("best epoch 6 "), "the premise: \(whole.output)")
        let killed = try run(["run", lesson, "--result-dir", "A"] + settings, environment: ["LESSON_TEST_KILL": "between-epochs|7"])
        XCTAssertEqual(killed.status, SIGKILL, killed.output + killed.errors)
        try FileManager.default.moveItem(atPath: folder + "/A", toPath: folder + "/B")
        let resumed = try run(["run", lesson, "--resume", "--result-dir", "B"])
        XCTAssertEqual(resumed.status, 0, resumed.output + resumed.errors)
        XCTAssertTrue(resumed.output.contains("fit: Resuming after epoch 6 of 10 from B/fits/"), resumed.output)
        XCTAssertTrue(resumed.output.contains("Loaded B/fits/EPOCH_NM=10-"), resumed.output)
        XCTAssertTrue(resumed.output.contains("at epoch 6 of 10"), resumed.output)
        func losses(_ name: String) throws -> [String] {
            try String(contentsOfFile: folder + "/\(name)/history.csv", encoding: .utf8).split(separator: "\n")
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") }
        }
        XCTAssertEqual(try losses("B"), try losses("U"))
        XCTAssertEqual(FileManager.default.contents(atPath: folder + "/B/forecast.csv"),
                       FileManager.default.contents(atPath: folder + "/U/forecast.csv"))
        let again = try run(["run", lesson, "--result-dir", "B"] + settings)
        XCTAssertEqual(again.status, 0, again.errors)
        XCTAssertTrue(again.output.contains("not retrained"), again.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/B/A"))
    }

    /// A write the disk refuses (here a file-size limit: `ulimit -f 8` with SIGXFSZ
    /// ignored, so a write beyond 8 KiB fails with EFBIG, as a full disk fails with
    /// ENOSPC) is 74, naming the file, in a checkpoint as in any other file.
    func testAWriteTheDiskRefusesIsAnIOError() throws {
        let executable = try Program.requireExecutable().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" run Lessons/01-small-sine.md", executable]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 74, text)
        XCTAssertTrue(text.contains("last.safetensors: cannot write: file too large"), text)
        XCTAssertFalse(text.contains("Fatal error"), text)
    }

    /// Damaged store files are noticed by whichever command reads them, moved to
    /// `store/damaged/` with one warning, and what they held is made again: a history
    /// from its fit's record, a forecast by forecasting, a checkpoint by training (its fit
    /// is stale, with the reason). The top-level outputs come out as before.
    func testDamagedStoreFilesAreNoticedMovedAsideAndMadeAgain() throws {
        let fit = try makeStore()
        let forecast = FileManager.default.contents(atPath: results + "/forecast.csv")
        let history = FileManager.default.contents(atPath: results + "/history.csv")
        func flip(_ relative: String, at offset: UInt64) throws {
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: results + "/" + relative))
            try handle.seek(toOffset: offset)
            let byte = try XCTUnwrap(try handle.read(upToCount: 1)).first ?? 0
            try handle.seek(toOffset: offset)
            try handle.write(contentsOf: Data([byte ^ 0x01]))
            try handle.close()
        }
        let kept = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: results + "/store/forecasts").first)
        try flip(fit + "/history.csv", at: 40)
        try flip("store/forecasts/" + kept, at: 60)
        let again = try run(["run", lesson])
        XCTAssertEqual(again.status, 0, again.errors)
        XCTAssertTrue(again.errors.contains("\(fit)/history.csv: it does not hold the epochs its fit's record keeps"), again.errors)
        XCTAssertTrue(again.errors.contains("\(kept): it is not the forecast its cell kept"), again.errors)
        XCTAssertEqual(FileManager.default.contents(atPath: results + "/forecast.csv"), forecast)
        XCTAssertEqual(FileManager.default.contents(atPath: results + "/history.csv"), history)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: results + "/store/damaged").count, 2)

        // A truncated best checkpoint: list says why the fit is stale, and the run trains it again.
        let best = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: results + "/" + fit)
            .filter { $0.hasPrefix("model") }.sorted().last)
        try FileManager.default.removeItem(atPath: results + "/" + fit + "/" + best)
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: results + "/" + fit + "/" + best))
        let list = try run(["list", lesson])
        XCTAssertTrue(list.output.contains("stale: its best checkpoint"), list.output)
        XCTAssertTrue(list.output.contains("is damaged"), list.output)
        XCTAssertTrue(list.errors.contains("it is not a readable checkpoint"), list.errors)
        let retrained = try run(["run", lesson])
        XCTAssertEqual(retrained.status, 0, retrained.errors)
        XCTAssertTrue(retrained.output.contains("Epoch 2/2"), retrained.output)
        XCTAssertEqual(FileManager.default.contents(atPath: results + "/forecast.csv"), forecast)

        // A garbled record: list and runs say so (they used to move it aside without a word).
        let record = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: results + "/store/cells").first)
        try Data("{garbled".utf8).write(to: URL(fileURLWithPath: results + "/store/cells/" + record))
        let listed = try run(["list", lesson])
        XCTAssertTrue(listed.errors.contains("\(record): it is not a readable result (not valid JSON)"), listed.errors)
        let ledger = try FileManager.default.contentsOfDirectory(atPath: results + "/runs").sorted()
        try Data("[]".utf8).write(to: URL(fileURLWithPath: results + "/runs/" + ledger[0]))
        let runs = try run(["runs", lesson])
        XCTAssertTrue(runs.errors.contains("it is not a readable ledger entry"), runs.errors)
    }

    /// An interrupted fit whose fit.json is garbled is still listed as interrupted (found by
    /// its last.safetensors) and --resume continues it.
    func testAnInterruptedFitWithAGarbledFitJSONStillResumes() throws {
        let settings = ["--set", "EPOCH_NM=10"]
        let killed = try run(["run", lesson] + settings, environment: ["LESSON_TEST_KILL": "between-epochs|4"])
        XCTAssertEqual(killed.status, SIGKILL, killed.output + killed.errors)
        let fit = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: results + "/fits").first)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: results + "/fits/" + fit + "/fit.json"))
        let list = try run(["list", lesson] + settings)
        XCTAssertTrue(list.errors.contains("fit.json: it is not a readable fit record"), list.errors)
        XCTAssertTrue(list.output.contains("stale: interrupted after epoch 3;"), list.output)
        let resumed = try run(["run", lesson, "--resume"] + settings)
        XCTAssertEqual(resumed.status, 0, resumed.output + resumed.errors)
        XCTAssertTrue(resumed.output.contains("fit: Resuming after epoch 3 of 10"), resumed.output)
    }

    /// Killed before its first epoch ended, a fit cannot be resumed, and list says so as
    /// --resume does (list used to offer --resume, which then refused).
    func testAFitKilledBeforeItsFirstEpochIsNotOfferedAResume() throws {
        let killed = try run(["run", lesson], environment: ["LESSON_TEST_KILL": "after-fit-json|1"])
        XCTAssertEqual(killed.status, SIGKILL, killed.output + killed.errors)
        let list = try run(["list", lesson])
        XCTAssertTrue(list.output.contains("stale: interrupted before its first epoch ended; it trains from the start when run"),
                      list.output)
        let resume = try run(["run", lesson, "--resume"])
        XCTAssertEqual(resume.status, 64, resume.errors)
        XCTAssertTrue(resume.errors.contains("interrupted before its first epoch ended; run without --resume"), resume.errors)
        XCTAssertEqual(try run(["run", lesson]).status, 0)
    }

    /// SIGTERM while a large model is built (its recurrent kernel's orthogonal draw takes
    /// minutes at 3000 units) takes effect at once: the cell stops as an interrupted one.
    func testSIGTERMStopsALargeModelWhileItIsBuilt() throws {
        let path = folder + "/" + lesson
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "N_HIDDEN = 6", with: "N_HIDDEN = 3000")
            .write(toFile: path, atomically: true, encoding: .utf8)
        // The model cell's header comes before its first call; 1.5 s later compile() draws.
        let (process, output, errors) = try Program.process(["run", lesson], in: folder)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let started = Date()
        var text = ""
        while !text.contains("[3/6] model"), Date().timeIntervalSince(started) < 30 {
            text += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 1.5)
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(signalled)
        XCTAssertEqual(process.terminationStatus, 1, text + problems)
        XCTAssertTrue(problems.contains("Interrupted in cell 3 (model) at compile(...)"), text + problems)
        // The cell stops within 0.1 s; the rest is the system freeing a gigabyte on exit.
        XCTAssertLessThan(seconds, 5, "the draw alone takes minutes; the program ended \(seconds) s after SIGTERM")
    }
}
