import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// How `lesson step` ends: with its latest failure that no later run mended, or
/// interrupted at the prompt.
final class StepEndingTests: LessonRunningTestCase {
    static let lesson = """
    # Reads a file

    ```setup
    seed = 0
    ```

    ```data
    series(csv: "wave.csv", column: "wave")
    ```

    ```validate
    print("read")
    ```
    """

    /// Steps through the lesson answering `answers`; `before[n]` runs before answer n
    /// (from 0) is given.
    private func ending(_ answers: [String], before: [Int: (LessonSandbox, Interrupt) throws -> Void] = [:]) throws -> StepEnding {
        let sandbox = try LessonSandbox(name: "reads-a-file", text: StepEndingTests.lesson)
        defer { sandbox.remove() }
        let interrupt = Interrupt()
        var given = 0
        let stepper = LessonStepper(
            options: sandbox.options(), observer: RecordingObserver(), interrupt: interrupt, style: .plain,
            readLine: {
                defer { given += 1 }
                try? before[given]?(sandbox, interrupt)
                return given < answers.count ? answers[given] : nil
            },
            write: { _ in }, writeError: { _ in })
        return try stepper.run()
    }

    private static func writeSeries(_ sandbox: LessonSandbox, _ interrupt: Interrupt) throws {
        try "t,wave\n0,0.5\n1,0.25\n".write(toFile: sandbox.folder + "/Lessons/wave.csv", atomically: true, encoding: .utf8)
    }

    func testAFailedCellGivesItsStatusAtTheEnd() throws {
        XCTAssertEqual(try ending(["j 2", "r"]), .finished(status: 74))
        XCTAssertEqual(try ending(["j 2", "r", "q"]), .finished(status: 74))
    }

    func testAFailureMendedByALaterRunNoLongerCounts() throws {
        XCTAssertEqual(try ending(["j 2", "r", "rr"], before: [2: StepEndingTests.writeSeries]), .finished(status: 0))
    }

    func testCtrlCAtThePromptIsAnInterruption() throws {
        XCTAssertEqual(try ending(["r"], before: [1: { _, interrupt in interrupt.request() }]), .interrupted)
    }
}
