import XCTest
@testable import LessonLanguage

/// The interpreter checks calls against the table it is given, not against any
/// vocabulary of its own: statements of the wrong kind, unknown arguments and values
/// out of range are refused at their column, defaults are filled in, and what a step
/// binds becomes a global.
final class CallTableTests: XCTestCase {
    private func run(_ text: String, recorder: CallRecorder = CallRecorder()) throws -> Interpreter {
        let lesson = try LessonParser.parse(text, path: "Lessons/t.md")
        let interpreter = Interpreter(calls: testCalls, random: nil, output: { _ in })
        for cell in lesson.cells { _ = try interpreter.run(cell, performer: recorder) }
        return interpreter
    }

    func testACallOfTheTableIsCheckedFilledInAndPerformed() throws {
        let recorder = CallRecorder()
        let interpreter = try run("# T\n\n```setup\nseed = 3\n```\n\n```constants\nN = 2\ngreet(\"x\", times: N)\ngreet(name: \"y\")\n```\n",
                                  recorder: recorder)
        XCTAssertEqual(recorder.calls.map(\.name), ["seed", "greet", "greet"])
        XCTAssertEqual(recorder.calls[1].arguments["times"], .int(2))
        XCTAssertEqual(recorder.calls[2].arguments["times"], .int(1), "the default is filled in")
        XCTAssertEqual(interpreter.globals["greeted"], .int(1))
        XCTAssertEqual(interpreter.globals["seed"], .int(3))
    }

    func testWhatTheTableDoesNotAllowIsRefusedAtItsColumn() throws {
        let cases: [(String, String, Int)] = [
            ("```constants\ngreet(\"x\", times: 0)\n```", "times must be a positive whole number, got 0", 19),
            ("```constants\ngreet(\"x\", loud: true)\n```", "loud", 12),
            ("```model\ngreet(\"x\")\n```", "greet", 1),
            ("```setup\nseed = 12\n```", "seed must be a whole number from 0 to 9", 8),
            ("```constants\nlstm(units: 3)\n```", "lstm", 1),
        ]
        for (cell, words, column) in cases {
            XCTAssertThrowsError(try run("# T\n\n" + cell + "\n"), cell) { error in
                let error = error as? LessonError
                XCTAssertTrue(error?.message.contains(words) == true, "\(cell): \(String(describing: error))")
                XCTAssertEqual(error?.line, 4, cell)
                XCTAssertEqual(error?.column, column, cell)
                XCTAssertEqual(error?.exitCode, 65)
            }
        }
    }

    func testAConstructorOfTheTableMakesAValueAndItsNameCannotBeBound() throws {
        let interpreter = try run("# T\n\n```constants\nB = box(4)\n```\n")
        XCTAssertEqual(interpreter.globals["B"], .object(StepObject(name: "box", arguments: ["size": .int(4)])))
        XCTAssertThrowsError(try run("# T\n\n```constants\ngreet = 1\n```\n")) { error in
            XCTAssertTrue("\(error)".contains("built-in name"), "\(error)")
        }
    }
}
