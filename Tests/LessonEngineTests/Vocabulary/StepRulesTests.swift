import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// `lesson check` finds what a run would refuse, with the message the run gives: each
/// case changes the small lesson so that one rule fails, once with values check knows
/// (literals, constants) and, where the language allows, once with a value only a run
/// knows (`0 * rand()`), which check lets through and the run refuses alike.
final class StepRulesTests: XCTestCase {
    private struct Case {
        var original: String
        var known: String
        var runOnly: String?
        var message: String
    }

    private let cases = [
        Case(original: "forecast(steps: 40)", known: "forecast(steps: 3000000)", runOnly: "forecast(steps: 3000000 + 0 * rand())",
             message: "steps must be a whole number from 1 to 1000000, got 3000000"),
        Case(original: "validation_split: 0.3", known: "validation_split: 0", runOnly: "validation_split: 0 * rand()",
             message: "model_checkpoint monitors val_loss, which needs validation_split above 0 (or monitor: \"loss\")"),
        Case(original: "early_stopping(monitor: \"val_loss\", patience: 20)",
             known: "early_stopping(monitor: \"val_loss\", patience: 20), early_stopping()", runOnly: nil,
             message: "fit takes one early_stopping"),
        Case(original: "model{epoch:03d}-", known: "model{epok:03d}-", runOnly: nil,
             message: "model_checkpoint filepath: checkpoint template 'model{epok:03d}-loss{loss:.3f}-vloss{val_loss:.3f}"
                 + ".safetensors', column 7: unknown field 'epok' (did you mean 'epoch'?); the fields are {epoch}, {loss} and {val_loss}"),
        Case(original: "patience: 20)]", known: "patience: 20), reduce_lr_on_plateau(factor: 0)]",
             runOnly: "patience: 20), reduce_lr_on_plateau(factor: 0 * rand())]",
             message: "reduce_lr_on_plateau factor must be above 0 and below 1 (new rate = rate · factor), got 0.0"),
        Case(original: "LEN_SEQ = 10", known: "LEN_SEQ = 200", runOnly: "LEN_SEQ = 200 + 0 * rand()",
             message: "the series has 200 values; windows of 200 steps need at least 201"),
        Case(original: "input(shape: (LEN_SEQ, IN_NEUR))\n", known: "", runOnly: nil,
             message: "the model needs input(shape: (steps, 1)) before its layers"),
    ]

    func testCheckFindsWhatRunRefusesWithTheSameMessage() throws {
        for rule in cases {
            XCTAssertTrue(smallLesson.contains(rule.original), rule.original)
            let sandbox = try LessonSandbox(text: smallLesson.replacingOccurrences(of: rule.original, with: rule.known))
            let checked = try XCTUnwrap(refusal { try LessonRunner(options: sandbox.options(), observer: RecordingObserver()).check() },
                                        rule.message)
            XCTAssertEqual(checked.message, rule.message)
            XCTAssertEqual(checked.kind, .invalidLesson, rule.message)
            let ran = try XCTUnwrap(refusal { try sandbox.run() }, rule.message)
            XCTAssertEqual(ran, checked, rule.message)
            guard let runOnly = rule.runOnly else { continue }
            try sandbox.write(smallLesson.replacingOccurrences(of: rule.original, with: runOnly))
            XCTAssertNoThrow(try LessonRunner(options: sandbox.options(), observer: RecordingObserver()).check(), runOnly)
            let late = try XCTUnwrap(refusal { try sandbox.run() }, runOnly)
            XCTAssertEqual(late.message, rule.message, runOnly)
            XCTAssertEqual(late.line, checked.line, runOnly)
            XCTAssertEqual(late.kind, .invalidLesson, runOnly)
        }
    }

    private func refusal(_ body: () throws -> Void) -> LessonError? {
        do {
            try body()
            return nil
        } catch {
            return error as? LessonError
        }
    }
}
