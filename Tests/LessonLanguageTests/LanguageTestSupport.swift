import XCTest
@testable import LessonLanguage

/// A call table of the test's own, so the language is tested without the engine's
/// vocabulary (or the numerics and charts behind it): one statement of each kind a test
/// needs and one constructor.
let testCalls = CallTable(signatures: [
    "greet": CallTable.Signature(name: "greet", role: .statement(.constants), parameters: [
        .required("name", .string), .optional("times", .positiveWhole, .int(1)),
    ], binds: ["greeted"]),
    "box": CallTable.Signature(name: "box", role: .constructor, parameters: [.required("size", .positiveWhole)]),
], setupSettings: ["seed": .wholeNumber(minimum: 0, maximum: 9)], interpreterStatements: ["print": nil])

/// Records every step call and binds `greeted` for `greet`.
final class CallRecorder: StepPerformer {
    var calls: [StepCall] = []

    func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
        calls.append(call)
        return call.name == "greet" ? ["greeted": .int(call.integer("times") ?? 0)] : [:]
    }
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
