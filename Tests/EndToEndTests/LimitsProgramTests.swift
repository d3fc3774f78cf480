import Foundation
import XCTest

/// The program under the limits that keep a lesson from bringing it down: values the
/// cell language builds, a sweep's grid and the files a lesson reads. Each command runs
/// with 1.5 GB of address space (`ulimit -v`): the old program, which asked for 4.2 GB
/// and more, aborts there.
final class LimitsProgramTests: XCTestCase {
    private let memoryLimit = 1_500_000

    /// `S0 = "a"`, `S1 = S0 + S0`, ..., 41 lines (or the same with lists).
    private func doubling(_ name: String, _ first: String) -> String {
        let lines = ["\(name)0 = \(first)"] + (1...40).map { "\(name)\($0) = \(name)\($0 - 1) + \(name)\($0 - 1)" }
        return "# Doubling\n\n```constants\n" + lines.joined(separator: "\n") + "\n```\n"
    }

    private func timed(_ arguments: [String], in folder: String) throws -> (run: ProgramRun, seconds: Double) {
        let started = Date()
        let run = try Program.run(arguments, in: folder, timeout: 60, memoryLimit: memoryLimit)
        return (run, Date().timeIntervalSince(started))
    }

    /// `check`, `list`, `run`, `step` (65), `watch` (shown, watching goes on) and bare
    /// `lesson` (which lists a lesson that does not check and exits 0) name the line where the value would pass its limit; the
    /// old program aborted in all four at 4.2 GB.
    func testADoublingLessonFailsAtItsLineInEveryCommand() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try doubling("S", "\"a\"").write(toFile: folder + "/Lessons/01-strings.md", atomically: true, encoding: .utf8)
        try doubling("L", "[1]").write(toFile: folder + "/Lessons/02-lists.md", atomically: true, encoding: .utf8)
        let expected = [
            "Lessons/01-strings.md": "Lessons/01-strings.md:25:7: constants: S21 = S20 + S20 makes a string of 2 MiB; "
                + "a string of the cell language holds at most 1 MiB",
            "Lessons/02-lists.md": "Lessons/02-lists.md:27:7: constants: L23 = L22 + L22 would bring the values the lesson "
                + "holds past 512 MiB",
        ]
        for (lesson, message) in expected.sorted(by: { $0.key < $1.key }) {
            for command in ["check", "list", "run", "step"] {
                let (run, seconds) = try timed([command, lesson], in: folder)
                XCTAssertEqual(run.status, 65, "\(command) \(lesson): \(run.output) \(run.errors)")
                XCTAssertTrue(run.errors.contains("error: " + message), "\(command) \(lesson): \(run.errors)")
                XCTAssertLessThan(seconds, 10, "\(command) \(lesson)")
            }
        }
        // watch shows the error and goes on watching; Ctrl-C ends it.
        let watch = try PipedSession(["watch", "Lessons/01-strings.md"], in: folder)
        defer { watch.stop() }
        try watch.waitFor("watch: waiting for changes", seconds: 30)
        XCTAssertTrue((watch.text + watch.errorText).contains(expected["Lessons/01-strings.md"] ?? "?"), watch.text + watch.errorText)
        watch.send(SIGINT)
        XCTAssertEqual(try watch.waitForExit(), 0)
        let (overview, seconds) = try timed([], in: folder)
        XCTAssertEqual(overview.status, 0, overview.errors)
        for message in expected.values { XCTAssertTrue(overview.output.contains("does not check: " + message), overview.output) }
        XCTAssertLessThan(seconds, 20)
    }

    /// Three axes of 2,000 values are counted (8·10^9) and refused at once; building
    /// them grew to 12.5 GB within a minute.
    func testASweepOfBillionsIsRefusedAtOnce() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let values = (1...2000).map(String.init).joined(separator: ",")
        let sweep = ["run", "Lessons/01-small-sine.md", "--sweep", "EPOCH_NM=\(values)", "--sweep", "seed=\(values)",
                     "--sweep", "threads=\(values)"]
        let (run, seconds) = try timed(sweep, in: folder)
        XCTAssertEqual(run.status, 64, run.output + run.errors)
        XCTAssertTrue(run.errors.contains("error: command line: --sweep gives 8,000,000,000 combinations (2,000 × 2,000 × 2,000); "
                                          + "at most 10,000 run in one command"), run.errors)
        XCTAssertLessThan(seconds, 10)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/result"), "nothing ran")
    }

    /// A CSV that is a FIFO, a device or 3 GB is refused by what it is before anything
    /// is read (the FIFO once hung, the others filled memory); `list` keys the cell
    /// without reading them either.
    func testACSVThatIsAFIFOADeviceOrHugeIsRefusedByWhatItIs() throws {
        let folder = try Program.sandbox([])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/Lessons/data", withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(folder + "/Lessons/data/pipe.csv", 0o644), 0)
        let big = folder + "/Lessons/data/big.csv"
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 3_000_000_000)
        try handle.close()
        let cases = [
            ("data/pipe.csv", "Lessons/data/pipe.csv is a named pipe (FIFO), not a CSV file"),
            ("/dev/zero", "/dev/zero is a device, not a CSV file"),
            ("data/big.csv", "Lessons/data/big.csv is 3 GB, more than the 200 MB a CSV file may have"),
        ]
        for (index, (name, message)) in cases.enumerated() {
            let lesson = "Lessons/csv\(index).md"
            try "# CSV\n\n```data\nseries(csv: \"\(name)\", column: \"v\")\nwindows(length: 2)\n```\n"
                .write(toFile: folder + "/" + lesson, atomically: true, encoding: .utf8)
            let (run, seconds) = try timed(["run", lesson, "--allow-read", "/dev"], in: folder)
            XCTAssertEqual(run.status, 74, "\(name): \(run.output) \(run.errors)")
            XCTAssertTrue(run.errors.contains("\(lesson):4:1: data: \(message)"), run.errors)
            XCTAssertLessThan(seconds, 10, name)
            let (list, _) = try timed(["list", lesson, "--allow-read", "/dev"], in: folder)
            XCTAssertEqual(list.status, 0, "\(name): \(list.errors)")
            XCTAssertTrue(list.output.contains("1  data  line 3  never run"), list.output)
        }
    }
}
