import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Records every step call and binds what the test asks for.
final class RecordingPerformer: StepPerformer {
    var calls: [StepCall] = []
    var bindings: [String: [String: Value]] = [:]

    func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
        calls.append(call)
        return bindings[call.name] ?? [:]
    }
}

/// A lesson of one cell of `kind` whose body is `body`, the fence on line 3.
func lessonText(_ kind: String, _ body: String) -> String {
    "# Test\n\n```\(kind)\n\(body)\n```\n"
}

func parseLesson(_ text: String, path: String = "Lessons/test.md",
                 file: StaticString = #filePath, line: UInt = #line) -> Lesson? {
    do {
        return try LessonParser.parse(text, path: path)
    } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
        return nil
    }
}

/// Runs the cells of `text` in order with a fresh interpreter; returns what print wrote
/// and the interpreter.
@discardableResult
func runLesson(_ text: String, performer: StepPerformer = RecordingPerformer(), random: (() -> Double)? = { 0.25 },
         globals: [String: Value] = [:], limits: ValueLimits = .standard) throws -> (output: [String], interpreter: Interpreter) {
    let lesson = try LessonParser.parse(text, path: "Lessons/test.md")
    var output: [String] = []
    let interpreter = Interpreter(calls: Vocabulary.table, globals: globals, limits: limits, random: random, output: { output.append($0) })
    for cell in lesson.cells { _ = try interpreter.run(cell, performer: performer) }
    return (output, interpreter)
}

/// Evaluates `expression` in a constants cell and returns the value bound to `X`.
func value(_ expression: String, globals: [String: Value] = [:],
           file: StaticString = #filePath, line: UInt = #line) -> Value? {
    do {
        let (_, interpreter) = try runLesson(lessonText("constants", "X = \(expression)"), globals: globals)
        return interpreter.globals["X"]
    } catch {
        XCTFail("'\(expression)' failed: \(error)", file: file, line: line)
        return nil
    }
}

/// The `LessonError` running `text` throws, failing the test when there is none.
func lessonError(_ text: String, random: (() -> Double)? = { 0.25 }, performer: StepPerformer = RecordingPerformer(),
                 limits: ValueLimits = .standard, file: StaticString = #filePath, line: UInt = #line) -> LessonError? {
    do {
        try runLesson(text, performer: performer, random: random, limits: limits)
        XCTFail("expected an error", file: file, line: line)
    } catch let error as LessonError {
        return error
    } catch {
        XCTFail("expected a LessonError, got \(error)", file: file, line: line)
    }
    return nil
}

/// Asserts that running `body` in a cell of `kind` fails with `message` at body
/// `line` and `column` (the file line is body line + 3 in `lessonText`).
func assertError(_ kind: String, _ body: String, _ message: String, line bodyLine: Int = 1, column: Int,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let error = lessonError(lessonText(kind, body), file: file, line: line) else { return }
    XCTAssertEqual(error.message, message, file: file, line: line)
    XCTAssertEqual(error.line, bodyLine + 3, "line", file: file, line: line)
    XCTAssertEqual(error.column, column, "column", file: file, line: line)
}
