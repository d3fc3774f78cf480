import Foundation
import XCTest

/// `lesson step` and `lesson run` on a pseudo-terminal, as a person meets them:
/// Ctrl-C typed at a prompt, during a fit and during a forecast; SIGTERM; a narrow
/// window; NO_COLOR. Each wait has a deadline: a program that hangs is killed and
/// the test fails.
final class TerminalTests: XCTestCase {
    private let lesson = "Lessons/01-small-sine.md"
    /// A fit of epochs long enough (about 0.1 s) that Ctrl-C sent at epoch 3 lands long
    /// before early stopping (patience 20) could end it.
    private let longFit = ["--set", "EPOCH_NM=100000", "--set", "NUM_OF_CYCLE=300", "--set", "N_HIDDEN=64"]

    /// Starts `lesson arguments`, stops it once it shows `marker` (SIGINT as a typed
    /// Ctrl-C, another signal sent), and waits at most 30 s for it to end.
    private func stop(_ arguments: [String], in folder: String, after marker: String,
                      with signal: Int32) throws -> (session: TerminalSession, status: Int32) {
        let session = try TerminalSession(arguments, in: folder)
        try session.waitFor(marker)
        if signal == SIGINT { session.type("\u{3}") } else { session.send(signal) }
        return (session, try session.waitForExit(seconds: 30))
    }

    func testCtrlCAtTheStepPromptQuits() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try TerminalSession(["step", lesson], in: folder)
        try session.waitFor("[1/6] setup> ")
        session.type("\u{3}")
        XCTAssertEqual(try session.waitForExit(seconds: 10), 130, session.text)
        XCTAssertFalse(session.text.contains("Stopping after"), session.text)
    }

    /// Ctrl-C during a fit in `step` stops the fit and comes back to the prompt; the
    /// interrupted fit is the failure `step` exits with when the user quits.
    func testCtrlCDuringAFitInStepReturnsToThePrompt() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try TerminalSession(["step", lesson] + longFit, in: folder)
        try session.waitFor("[1/6] setup> ")
        session.type("j fit\n")
        try session.waitFor("[5/6] fit> ")
        session.type("\n")
        try session.waitFor("Epoch 3/100000")
        session.type("\u{3}")
        try session.waitFor("Interrupted after epoch")
        try session.waitFor("[6/6] validate (the fit of cell 5 was interrupted: u resumes it)> ", seconds: 20)
        session.type("q\n")
        XCTAssertEqual(try session.waitForExit(seconds: 10), 1, session.text)
    }

    func testCtrlCDuringAFitInRunKeepsItsState() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (session, status) = try stop(["run", lesson, "--cell", "fit"] + longFit, in: folder,
                                         after: "Epoch 3/100000", with: SIGINT)
        XCTAssertEqual(status, 1, session.text)
        XCTAssertTrue(session.text.contains("Stopping after this batch"), session.text)
        // The hint is the command as it was typed, with --resume.
        let hint = (["run", lesson, "--cell", "fit"] + longFit + ["--resume"]).joined(separator: " ")
        XCTAssertTrue(session.text.contains(hint), session.text)
    }

    /// SIGTERM stops like Ctrl-C: after the batch, the state kept, no temporary files left.
    func testSigtermStopsAFitLikeCtrlC() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (session, status) = try stop(["run", lesson, "--cell", "fit"] + longFit, in: folder,
                                         after: "Epoch 3/100000", with: SIGTERM)
        XCTAssertEqual(status, 1, session.text)
        XCTAssertTrue(session.text.contains((["run", lesson, "--cell", "fit"] + longFit + ["--resume"]).joined(separator: " ")),
                      session.text)
        let results = folder + "/result/01-small-sine"
        let files = FileManager.default.subpaths(atPath: results) ?? []
        XCTAssertTrue(files.contains { $0.hasSuffix("/last.safetensors") }, "\(files)")
        XCTAssertFalse(files.contains { $0.contains(".tmp-") }, "\(files)")
        let list = try Program.run(["list", lesson] + longFit, in: folder)
        XCTAssertTrue(list.output.contains("stale: interrupted after epoch "), list.output)
    }

    /// Ctrl-C during a long forecast stops it; the validate cell keeps nothing new.
    func testCtrlCDuringValidateStopsTheForecast() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + lesson
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "EPOCH_NM = 4\n", with: "EPOCH_NM = 4\nFORECAST_STEPS = 40\n")
            .replacingOccurrences(of: "forecast(steps: 40)", with: "forecast(steps: FORECAST_STEPS)")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let first = try Program.run(["run", lesson], in: folder)
        XCTAssertEqual(first.status, 0, first.output + first.errors)

        let (session, status) = try stop(["run", lesson, "--cell", "validate", "--set", "FORECAST_STEPS=1000000"], in: folder,
                                         after: "Loaded ", with: SIGINT)
        XCTAssertEqual(status, 1, session.text)
        XCTAssertTrue(session.text.contains("Interrupted in cell 6 (validate) at forecast(...)"), session.text)
        XCTAssertFalse(session.text.contains("plot: wrote"), session.text)
        let list = try Program.run(["list", lesson, "--set", "FORECAST_STEPS=1000000"], in: folder)
        XCTAssertTrue(list.output.contains("stale: FORECAST_STEPS 40 → 1000000"), list.output)
    }

    /// In a 40-column window every draw of the progress line fits on one line.
    func testProgressLineFitsANarrowWindow() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = try TerminalSession(["run", lesson, "--cell", "fit", "--set", "EPOCH_NM=6"], in: folder, columns: 40)
        XCTAssertEqual(try session.waitForExit(), 0, session.text)
        let progress = TerminalText.progressDraws(session.text)
        XCTAssertFalse(progress.isEmpty, session.text)
        for draw in progress {
            XCTAssertLessThan(draw.count, 40, "wraps in 40 columns: \(draw)")
        }
        XCTAssertTrue(progress.contains { $0.hasPrefix("Epoch 6/6") && $0.contains("val_loss") }, "\(progress)")
    }

    /// NO_COLOR: no colour codes anywhere; the bar and the preview's series still read.
    func testNoColorShowsNoColourButStillShowsProgressAndSeries() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let coloured = try TerminalSession(["run", lesson], in: folder)
        XCTAssertEqual(try coloured.waitForExit(), 0, coloured.text)
        XCTAssertTrue(TerminalText.hasColour(coloured.text), "a terminal without NO_COLOR gets colour: \(coloured.text)")

        let plain = try TerminalSession(["run", lesson, "--force"], in: folder, environment: ["NO_COLOR": "1"])
        XCTAssertEqual(try plain.waitForExit(), 0, plain.text)
        XCTAssertFalse(TerminalText.hasColour(plain.text), plain.text)
        XCTAssertTrue(TerminalText.progressDraws(plain.text).contains { $0.contains("5/5 ====") }, plain.text)
        XCTAssertTrue(plain.text.contains("truth (solid)"), plain.text)
        XCTAssertTrue(plain.text.contains("prediction (dashed)"), plain.text)
    }

    /// `step` marks the values `--set` replaces beside the cell before it runs (under the
    /// line in a narrow window), and the constants cell reports them as it runs.
    func testStepShowsTheOverridesBesideTheCell() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cases: [(columns: Int, environment: [String: String], mark: String)] = [
            (80, [:], "16 │ EPOCH_NM = 4  → 2 (--set)\r\n"),
            (24, ["NO_COLOR": "1"], "16 | EPOCH_NM = 4\r\n   | EPOCH_NM → 2 (--set)\r\n"),
        ]
        for (columns, environment, mark) in cases {
            let session = try TerminalSession(["step", lesson, "--set", "EPOCH_NM=2", "--set", "N_HIDDEN=6"], in: folder,
                                              columns: columns, environment: environment)
            try session.waitFor("[1/6] setup> ")
            session.type("r\n")
            try session.waitFor("[2/6] constants> ")
            let shown = TerminalText.withoutEscapes(session.text)
            XCTAssertTrue(shown.contains(mark), shown)
            XCTAssertTrue(shown.contains("12 \(columns == 80 ? "│" : "|") N_HIDDEN = 6\r\n"),
                          "N_HIDDEN=6 is the lesson's own value: no mark. \(shown)")
            session.type("r\n")
            try session.waitFor("EPOCH_NM = 2 (--set; the lesson says 4)")
            try session.waitFor("[3/6] model> ")
            session.type("q\n")
            XCTAssertEqual(try session.waitForExit(seconds: 10), 0, session.text)
        }
    }

    /// `step` shows its prose and cells in colour, unless NO_COLOR is set.
    func testNoColorInStep() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (environment, colour) in [([String: String](), true), (["NO_COLOR": "1"], false)] {
            let session = try TerminalSession(["step", lesson], in: folder, environment: environment)
            try session.waitFor("[1/6] setup> ")
            session.type("q\n")
            XCTAssertEqual(try session.waitForExit(seconds: 10), 0, session.text)
            XCTAssertEqual(TerminalText.hasColour(session.text), colour, session.text)
            XCTAssertTrue(TerminalText.withoutEscapes(session.text).contains(colour ? "7 │ seed = 0" : "7 | seed = 0"), session.text)
        }
    }
}

/// Reading a terminal's raw output.
enum TerminalText {
    /// The progress line as drawn each time (`Epoch 3/4 ...`), without escape codes:
    /// the text between one `\r` or `\n` and the next.
    static func progressDraws(_ raw: String) -> [String] {
        raw.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            .map { withoutEscapes(String($0)) }
            .filter { $0.range(of: #"^Epoch \d+/\d+"#, options: .regularExpression) != nil }
    }

    /// Whether `raw` sets a colour or a text style (an SGR sequence, `ESC [ … m`).
    static func hasColour(_ raw: String) -> Bool {
        raw.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) != nil
    }

    /// `raw` without CSI sequences (`ESC [`, parameters, a final letter).
    static func withoutEscapes(_ raw: String) -> String {
        raw.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
    }
}
