import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// The watcher's debounce: a burst of saves is one batch, due after 200 ms of quiet.
final class DebouncerTests: XCTestCase {
    func testNothingIsDueWithoutChanges() {
        var debouncer = Debouncer(quiet: 0.2)
        XCTAssertNil(debouncer.deadline)
        XCTAssertNil(debouncer.take(at: 100))
        debouncer.note([], at: 1)
        XCTAssertNil(debouncer.take(at: 100))
    }

    func testABatchIsDueAfterQuiet() {
        var debouncer = Debouncer(quiet: 0.2)
        debouncer.note(["a.md"], at: 1)
        XCTAssertNil(debouncer.take(at: 1.1))
        XCTAssertEqual(debouncer.take(at: 1.2), ["a.md"])
        XCTAssertNil(debouncer.take(at: 5), "a batch is taken once")
    }

    func testABurstOfSavesIsOneBatch() {
        var debouncer = Debouncer(quiet: 0.2)
        // An editor's create, write and rename, then a second save 150 ms later.
        for time in [1.0, 1.01, 1.02, 1.17] { debouncer.note(["a.md"], at: time) }
        debouncer.note(["tide.csv"], at: 1.3)
        XCTAssertNil(debouncer.take(at: 1.45), "each change restarts the quiet time")
        XCTAssertEqual(debouncer.take(at: 1.5), ["a.md", "tide.csv"])
    }

    func testChangesThatNeverStopStillYieldABatch() {
        var debouncer = Debouncer(quiet: 0.2, longest: 2)
        var time = 0.0
        var batches = 0
        while time < 5 {
            debouncer.note(["growing.csv"], at: time)
            if debouncer.take(at: time) != nil { batches += 1 }
            time += 0.1
        }
        XCTAssertEqual(batches, 2, "one batch every 2 s while changes never pause")
    }

    func testTheDeadlineIsTheEarlierOfQuietAndLongest() {
        var debouncer = Debouncer(quiet: 0.2, longest: 1)
        debouncer.note(["a.md"], at: 10)
        XCTAssertEqual(debouncer.deadline ?? 0, 10.2, accuracy: 1e-9)
        debouncer.note(["a.md"], at: 10.9)
        XCTAssertEqual(debouncer.deadline ?? 0, 11, accuracy: 1e-9)
    }
}
