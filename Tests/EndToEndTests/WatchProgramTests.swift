import Foundation
import XCTest

/// `lesson watch`: the program runs the lesson, then again at each save, with files
/// saved the way editors save them (a temporary file renamed over the original).
final class WatchProgramTests: XCTestCase {
    private let lesson = "Lessons/01-small-sine.md"

    /// Writes `text` to a temporary file beside `path` and renames it over `path`, as
    /// vim and many IDEs save: the lesson gets a new inode.
    private func saveByRename(_ text: String, to path: String) throws {
        let temporary = (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw TerminalSessionError(description: "rename failed") }
    }

    private func edit(_ folder: String, _ old: String, _ new: String) throws {
        let path = folder + "/" + lesson
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "the lesson has \(old)")
        try saveByRename(text.replacingOccurrences(of: old, with: new), to: path)
    }

    func testASaveByRenameRunsTheStaleCellsAgain() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let watch = try PipedSession(["watch", lesson], in: folder)
        defer { watch.stop() }

        let first = try watch.waitFor("watch: waiting for changes to \(lesson) (Ctrl-C stops)")
        XCTAssertTrue(first.contains("Epoch 4/4 "), first)
        XCTAssertTrue(first.contains("[6/6] validate"), first)

        try edit(folder, "EPOCH_NM = 4", "EPOCH_NM = 3")
        try watch.waitFor("watch: \(lesson) changed (cell 2 constants); running the stale cells")
        let second = try watch.waitFor("watch: waiting for changes to \(lesson) (Ctrl-C stops)")
        XCTAssertTrue(second.contains("(stale: EPOCH_NM 4 → 3)"), second)
        XCTAssertTrue(second.contains("Epoch 1/3 "), second)
        XCTAssertTrue(second.contains("Epoch 3/3 "), second)
        XCTAssertFalse(second.contains("[1/6] setup"), "fresh cells restore without a word")

        watch.send(SIGINT)
        XCTAssertEqual(try watch.waitForExit(), 0, watch.errorText)
        XCTAssertEqual(watch.errorText, "", "Ctrl-C while waiting ends quietly")
    }

    func testAnEditUpstreamStopsALongFitAndProseDoesNot() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try edit(folder, "EPOCH_NM = 4", "EPOCH_NM = 100000")
        try edit(folder, "patience: 20", "patience: 100000")
        let watch = try PipedSession(["watch", lesson], in: folder)
        defer { watch.stop() }
        try watch.waitFor("Epoch 2/100000 ")

        try edit(folder, "A lesson 01 in miniature", "A lesson 01 in miniature, watched")
        let prose = try watch.waitFor("watch: \(lesson) changed (no cell changed); the fit goes on")
        XCTAssertFalse(prose.contains("stopping"), prose)
        // Still training: more epochs come after the save.
        try watch.waitFor("Epoch ")
        let goingOn = try watch.waitFor("/100000 ")
        XCTAssertFalse(goingOn.contains("watch:"), goingOn)

        try edit(folder, "batch_size: BATCH_NM", "batch_size: 16")
        try watch.waitFor("watch: \(lesson) changed (cell 5 fit); stopping the fit of cell 5 after this batch")
        try watch.waitFor("watch: stopped the fit after epoch ")
        try watch.waitFor("watch: \(lesson) changed (cell 5 fit); running the stale cells")
        let restarted = try watch.waitFor("Epoch 1/100000 ")
        XCTAssertTrue(restarted.contains("9 batches of up to 16 an epoch"), restarted)

        watch.send(SIGINT)
        XCTAssertEqual(try watch.waitForExit(), 0, watch.errorText)
        XCTAssertTrue(watch.errorText.contains("Continue with: "), watch.errorText)
        XCTAssertTrue(watch.errorText.contains(" watch \(lesson)"), watch.errorText)
        let fits = try FileManager.default.contentsOfDirectory(atPath: folder + "/result/01-small-sine/fits")
        XCTAssertEqual(fits.count, 2, "the stopped fit and the new one: \(fits)")
        for fit in fits {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/result/01-small-sine/fits/\(fit)/last.safetensors"),
                          "\(fit) can be resumed")
        }
    }
}
