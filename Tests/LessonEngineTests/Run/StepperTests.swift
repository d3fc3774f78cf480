import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// `lesson step` driven by piped answers: it follows them, marks replaced values, offers
/// to resume an interrupted fit.
final class StepperTests: LessonRunningTestCase {
    func testStepFollowsPipedAnswers() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        var answers = ["r", "", "s", "s", "jump validate", "list", "r", "q"].makeIterator()
        var output: [String] = []
        var errors: [String] = []
        let observer = RecordingObserver()
        let stepper = LessonStepper(options: sandbox.options(), observer: observer, interrupt: Interrupt(), style: .plain,
                                    readLine: { answers.next() }, write: { output.append($0) }, writeError: { errors.append($0) })
        XCTAssertEqual(try stepper.run(), .finished(status: 0))
        let shown = output.joined(separator: "\n")
        XCTAssertTrue(shown.contains("A lesson 01 in miniature."), shown)
        XCTAssertTrue(shown.contains("6 | seed = 0"), shown)
        XCTAssertTrue(shown.contains("[5/6] fit> "), shown)
        XCTAssertTrue(shown.contains("5  fit        line 34  never run"), shown)
        // Validate ran after setup and constants: the skipped model, data and fit ran first, announced.
        XCTAssertTrue(observer.events.contains("run 5 fit (stale: never run)"), observer.text)
        XCTAssertTrue(observer.events.contains("run 6 validate"), observer.text)
        XCTAssertEqual(errors, [])
        // The end of input quits.
        var none = [String]().makeIterator()
        let quiet = LessonStepper(options: sandbox.options(), observer: RecordingObserver(), interrupt: Interrupt(), style: .plain,
                                  readLine: { none.next() }, write: { _ in }, writeError: { errors.append($0) })
        XCTAssertEqual(try quiet.run(), .finished(status: 0))
    }

    /// After Ctrl-C stops a fit, the prompt offers to resume it, and `u` does: the fit
    /// goes on from its last finished epoch.
    /// `step` marks the values `--set` replaces beside the cell's lines before it runs,
    /// and the run reports them.
    func testStepMarksReplacedValuesBesideTheCell() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        var answers = ["r", "r", "q"].makeIterator()
        var output: [String] = []
        let observer = RecordingObserver()
        let stepper = LessonStepper(options: sandbox.options(overrides: ["EPOCH_NM=2", "N_HIDDEN=6"]), observer: observer,
                                    interrupt: Interrupt(), style: .plain, readLine: { answers.next() },
                                    write: { output.append($0) }, writeError: { XCTFail($0) })
        XCTAssertEqual(try stepper.run(), .finished(status: 0))
        let shown = output.joined(separator: "\n")
        XCTAssertTrue(shown.contains("\n15 | EPOCH_NM = 4  → 2 (--set)\n"), shown)
        XCTAssertTrue(shown.contains("\n11 | N_HIDDEN = 6\n"), "an override equal to the lesson's value marks nothing: \(shown)")
        XCTAssertTrue(observer.events.contains("EPOCH_NM = 2 (--set; the lesson says 4)"), observer.text)
    }

    func testStepOffersToResumeAnInterruptedFit() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let interrupt = Interrupt()
        let observer = RecordingObserver()
        var stopped = false
        observer.onEpoch = { log in
            if log.epoch == 2 && !stopped {
                stopped = true
                interrupt.request()
            }
        }
        var answers = ["j fit", "r", "u", "q"].makeIterator()
        var output: [String] = []
        var errors: [String] = []
        let stepper = LessonStepper(options: sandbox.options(), observer: observer, interrupt: interrupt, style: .plain,
                                    readLine: { answers.next() }, write: { output.append($0) }, writeError: { errors.append($0) })
        XCTAssertEqual(try stepper.run(), .finished(status: 0))
        let shown = output.joined(separator: "\n")
        XCTAssertTrue(shown.contains("[6/6] validate (the fit of cell 5 was interrupted: u resumes it)> "), shown)
        XCTAssertEqual(observer.epochs.map(\.epoch), [1, 2, 3, 4], observer.text)
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(errors.first?.hasPrefix("Interrupted after epoch 2") ?? false, "\(errors)")
        XCTAssertEqual(try sandbox.states()[4].status, .fresh)

        // A new session finds the interrupted fit too (a closed terminal, SIGKILL).
        let again = try LessonSandbox()
        defer { again.remove() }
        let stop = Interrupt()
        let first = RecordingObserver()
        first.onEpoch = { log in if log.epoch == 2 { stop.request() } }
        XCTAssertThrowsError(try again.run(.only("fit"), observer: first, interrupt: stop))
        var later = ["j fit"].makeIterator()
        var prompts: [String] = []
        _ = try LessonStepper(options: again.options(), observer: RecordingObserver(), interrupt: Interrupt(), style: .plain,
                              readLine: { later.next() }, write: { prompts.append($0) }, writeError: { _ in }).run()
        XCTAssertTrue(prompts.contains("[5/6] fit (the fit of cell 5 was interrupted: u resumes it)> "), prompts.joined(separator: "\n"))
    }
}
