import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Both ways of watching files see a save in place and a save by rename (write a
/// temporary file, rename it over the original), and nothing of other files.
final class FileWatcherTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "lesson-watch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("one\n".utf8).write(to: URL(fileURLWithPath: folder + "/lesson.md"))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Changes seen within `seconds` (several looks, as the watcher makes them).
    private func changes(_ source: FileChangeSource, within seconds: Double = 2) -> Set<String> {
        let deadline = Date().addingTimeInterval(seconds)
        var seen: Set<String> = []
        while Date() < deadline {
            seen.formUnion(source.changes(waitingAtMost: 0.1))
            if !seen.isEmpty {
                // Let the rest of the burst arrive.
                seen.formUnion(source.changes(waitingAtMost: 0.4))
                break
            }
        }
        return seen
    }

    private func check(_ source: FileChangeSource, file: StaticString = #filePath, line: UInt = #line) throws {
        let lesson = folder + "/lesson.md"
        source.watch([lesson, folder + "/data.csv"])
        XCTAssertEqual(changes(source, within: 0.5), [], "nothing changed yet", file: file, line: line)

        try Data("two, in place\n".utf8).write(to: URL(fileURLWithPath: lesson))
        XCTAssertEqual(changes(source), [lesson], "saved in place", file: file, line: line)

        try Data("three, renamed over\n".utf8).write(to: URL(fileURLWithPath: folder + "/.lesson.md.swp"))
        XCTAssertEqual(rename(folder + "/.lesson.md.swp", lesson), 0)
        XCTAssertEqual(changes(source), [lesson], "saved by rename", file: file, line: line)

        try Data("x\n".utf8).write(to: URL(fileURLWithPath: folder + "/other.md"))
        XCTAssertEqual(changes(source, within: 0.7), [], "another file of the folder", file: file, line: line)

        try Data("level\n1\n".utf8).write(to: URL(fileURLWithPath: folder + "/data.csv"))
        XCTAssertEqual(changes(source), [folder + "/data.csv"], "a watched file that appears", file: file, line: line)
    }

    /// A watched file whose folder does not exist yet, then does, then is removed and made again.
    private func checkFolderThatComesAndGoes(_ source: FileChangeSource, file: StaticString = #filePath, line: UInt = #line) throws {
        let csv = folder + "/data/tide.csv"
        source.watch([csv])
        XCTAssertEqual(changes(source, within: 0.3), [], file: file, line: line)
        for round in 1...2 {
            try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
            try Data("level\n\(round)\n".utf8).write(to: URL(fileURLWithPath: csv))
            XCTAssertEqual(changes(source), [csv], "round \(round)", file: file, line: line)
            try FileManager.default.removeItem(atPath: folder + "/data")
            _ = changes(source, within: 0.5)
        }
    }

    func testPollingSeesAFolderThatComesAndGoes() throws {
        try checkFolderThatComesAndGoes(PollingWatcher(interval: 0.05))
    }

    func testPollingSeesSavesInPlaceAndByRename() throws {
        try check(PollingWatcher(interval: 0.05))
    }

    #if os(Linux)
    func testInotifySeesSavesInPlaceAndByRename() throws {
        try check(try XCTUnwrap(InotifyWatcher()))
    }

    func testInotifySeesAFolderThatComesAndGoes() throws {
        try checkFolderThatComesAndGoes(try XCTUnwrap(InotifyWatcher()))
    }

    func testInotifyMatchesFilesGivenByRelativePaths() throws {
        let watcher = try XCTUnwrap(InotifyWatcher())
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(folder))
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        watcher.watch(["./sub/../lesson.md"])
        try Data("two\n".utf8).write(to: URL(fileURLWithPath: folder + "/lesson.md"))
        XCTAssertEqual(changes(watcher), ["./sub/../lesson.md"], "reported as given")
    }
    #endif
}
