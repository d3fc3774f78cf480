import XCTest
@testable import LessonEngine
@testable import LessonLanguage

final class OverrideTests: XCTestCase {
    func testParse() throws {
        let cases: [(String, String, Value)] = [
            ("EPOCH_NM=30", "EPOCH_NM", .int(30)),
            ("lr = 1e-3", "lr", .double(0.001)),
            ("result_dir=\"result/other\"", "result_dir", .string("result/other")),
            ("SHAPE=(80, 1)", "SHAPE", .tuple([.int(80), .int(1)])),
            ("X=-2**2", "X", .int(-4)),
            ("FLAG=true", "FLAG", .bool(true)),
            // A shell drops the quotes of CELL="gru": a lowercase word that names no value
            // is the string it spells (lstm is a layer's call, not a value).
            ("CELL=gru", "CELL", .string("gru")),
            ("CELL=lstm", "CELL", .string("lstm")),
            ("CELL= simple_rnn ", "CELL", .string("simple_rnn")),
            ("CELL=\"gru\"", "CELL", .string("gru")),
            ("X=pi", "X", .double(Double.pi)),
        ]
        for (text, name, value) in cases {
            let parsed = try Override.parse(text)
            XCTAssertEqual(parsed.name, name, text)
            XCTAssertEqual(parsed.value, value, text)
        }
        let failures: [(String, String)] = [
            ("EPOCH_NM", "--set EPOCH_NM: expected NAME=VALUE, as in --set EPOCH_NM=30"),
            ("1X=3", "--set 1X=3: '1X' is not a name"),
            ("X=", "--set X=: expected a value after '='"),
            ("X=N_HIDDEN", "--set X=N_HIDDEN: unknown name 'N_HIDDEN'"),
            ("X=rand()", "--set X=rand(): the value must be a constant"),
            ("X=sin", "--set X=sin: the value must be a constant"),
            ("X=1/0", "--set X=1/0: division by zero"),
        ]
        for (text, message) in failures {
            XCTAssertThrowsError(try Override.parse(text), text) { error in
                guard let e = error as? LessonError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.message, message)
                XCTAssertEqual(e.exitCode, 64)
            }
        }
    }

    func testOverrideReplacesTheBindingInItsCell() throws {
        let text = "```setup\nseed = 0\n```\n```constants\nEPOCH_NM = 1000\nHALF = EPOCH_NM / 2\n```\n```fit\nfit(epochs: EPOCH_NM)\n```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        let interpreter = Interpreter(calls: Vocabulary.table, random: nil, output: { _ in })
        interpreter.overrides = ["EPOCH_NM": .int(30), "seed": .int(7)]
        let performer = RecordingPerformer()
        let setup = try interpreter.run(lesson.cells[0], performer: performer)
        XCTAssertEqual(setup.overridesApplied, ["seed"])
        let constants = try interpreter.run(lesson.cells[1], performer: performer)
        XCTAssertEqual(constants.overridesApplied, ["EPOCH_NM"])
        XCTAssertEqual(interpreter.globals["HALF"], .double(15))
        _ = try interpreter.run(lesson.cells[2], performer: performer)
        XCTAssertEqual(performer.calls.map(\.name), ["seed", "fit"])
        XCTAssertEqual(performer.calls[0]["value"], .int(7))
        XCTAssertEqual(performer.calls[1].integer("epochs"), 30)
    }

    /// A replacement is recorded where the override differs from what the cell computes,
    /// with the value the cell computed from the globals as they are (other overrides
    /// included) and the assignment's file line; an equal value replaces nothing.
    func testReplacementsNameTheLessonsValueAndItsLine() throws {
        let text = "```setup\nseed = 0\n```\n```constants\nEPOCH_NM = 1000\nHALF = EPOCH_NM / 2\nN = 3\n```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        let interpreter = Interpreter(calls: Vocabulary.table, random: nil, output: { _ in })
        interpreter.overrides = ["seed": .int(0), "EPOCH_NM": .int(30), "HALF": .double(15), "N": .double(3)]
        let performer = RecordingPerformer()
        let setup = try interpreter.run(lesson.cells[0], performer: performer)
        XCTAssertEqual(setup.overridesApplied, ["seed"])
        XCTAssertEqual(setup.replacements, [], "--set seed=0 where the lesson says 0 replaces nothing")
        let constants = try interpreter.run(lesson.cells[1], performer: performer)
        XCTAssertEqual(constants.replacements, [
            OverrideReplacement(name: "EPOCH_NM", value: .int(30), lessonValue: .int(1000), line: 5),
            OverrideReplacement(name: "N", value: .double(3), lessonValue: .int(3), line: 7),
        ], "HALF computes 30 / 2 = 15.0 with EPOCH_NM set, as set; 3.0 is a float, not the integer 3")
        XCTAssertEqual(constants.replacements.map(\.report), ["EPOCH_NM = 30 (--set; the lesson says 1000)", "N = 3.0 (--set; the lesson says 3)"])
        XCTAssertEqual(constants.replacements.map(\.marker), ["→ 30 (--set)", "→ 3.0 (--set)"])
        let unknown = OverrideReplacement(name: "B", value: .double(0.5), lessonValue: .unknown, line: 9)
        XCTAssertEqual(unknown.report, "B = 0.5 (--set)")
    }

    /// Checking finds the replacements of every cell, as `lesson step` shows them.
    func testCheckerFindsTheReplacementsOfEachCell() throws {
        let lesson = try LessonParser.parse(lessonOne, path: "Lessons/01-sine-wave.md")
        let checked = try LessonChecker.check(lesson, overrides: ["N_HIDDEN": .int(16), "EPOCH_NM": .int(2), "seed": .int(0)])
        XCTAssertEqual(checked.replacements.keys.sorted(), [2])
        XCTAssertEqual(checked.replacements[2]?.map(\.report), ["N_HIDDEN = 16 (--set; the lesson says 300)",
                                                               "EPOCH_NM = 2 (--set; the lesson says 1000)"])
        XCTAssertEqual(checked.replacements[2]?.map(\.line), [8, 12])
    }

    func testCheckerRejectsBadAndUnusedOverrides() throws {
        let lesson = try LessonParser.parse(lessonOne, path: "Lessons/01-sine-wave.md")
        XCTAssertNoThrow(try LessonChecker.check(lesson, overrides: ["EPOCH_NM": .int(30)]))
        XCTAssertThrowsError(try LessonChecker.check(lesson, overrides: ["EPOCH_N": .int(30)])) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "--set EPOCH_N: no cell of the lesson binds EPOCH_N (did you mean 'EPOCH_NM'?)")
            XCTAssertEqual(e.kind, .usage)
        }
        XCTAssertThrowsError(try LessonChecker.check(lesson, overrides: ["seed": .int(-1)])) { error in
            XCTAssertEqual((error as? LessonError)?.message, "seed (from --set) must be a whole number from 0 to 4294967295, got -1")
        }
    }

    func testNumberOfAFunction() throws {
        let text = "```constants\nf(x) = 1 / x\ng(x) = \"s\"\n```\n```data\nseries(f, count: 3)\n```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        let interpreter = Interpreter(calls: Vocabulary.table, random: nil, output: { _ in })
        let performer = RecordingPerformer()
        _ = try interpreter.run(lesson.cells[0], performer: performer)
        _ = try interpreter.run(lesson.cells[1], performer: performer)
        let call = try XCTUnwrap(performer.calls.first)
        let f = try XCTUnwrap(call["function"])
        XCTAssertEqual(try interpreter.number(f, at: .int(4), for: call), 0.25)
        XCTAssertThrowsError(try interpreter.number(f, at: .int(0), for: call)) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "division by zero")
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.column, 10)
            XCTAssertEqual(e.step, .constants)
        }
        let g = try XCTUnwrap(interpreter.globals["g"])
        XCTAssertThrowsError(try interpreter.number(g, at: .int(1), for: call)) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "g(1) is \"s\", not a finite number")
            XCTAssertEqual(e.line, 6)
            XCTAssertEqual(e.step, .data)
        }
    }
}

final class ValueTests: XCTestCase {
    func testNumbersRoundTripThroughLists() {
        let values: [Double] = [0.5, -1, 1e-7]
        XCTAssertEqual(Value.doubles(values).numbers, values)
        XCTAssertNil(Value.list([.int(1), .string("a")]).numbers)
        XCTAssertEqual(Value.tuple([.int(2), .double(0.5)]).numbers, [2, 0.5])
        XCTAssertEqual(Value.double(256).wholeNumber, 256)
        XCTAssertNil(Value.double(256.5).wholeNumber)
        XCTAssertNil(Value.double(.infinity).wholeNumber)
        XCTAssertNil(Value.double(1e300).wholeNumber)
    }
}

final class CellDependencyTests: XCTestCase {
    /// Lesson 01: each cell's key depends on exactly the constants it uses.
    func testLessonOneDependencies() throws {
        let lesson = try LessonParser.parse(lessonOne, path: "Lessons/01-sine-wave.md")
        let interpreter = Interpreter(calls: Vocabulary.table, random: { 0.5 }, output: { _ in })
        let performer = RecordingPerformer()
        var read: [[String]] = []
        for cell in lesson.cells {
            read.append(try interpreter.namesRead(by: cell))
            _ = try interpreter.run(cell, performer: performer)
        }
        XCTAssertEqual(read, [
            [],                                                  // setup
            [],                                                  // constants
            ["IN_NEUR", "LEN_SEQ", "N_HIDDEN"],                  // model
            ["LEN_SEQ", "NUM_OF_CYCLE", "STEPS_PER_CYCLE"],      // data (f's body included)
            ["BATCH_NM", "EPOCH_NM"],                            // fit
            [],                                                  // validate
        ])
    }

    func testFunctionsDefinedInEarlierCellsAreFollowed() throws {
        let text = "```constants\nK = 2\ng(x) = x * K\nh(x) = g(x) + h(x)\n```\n```data\nA = 1\nseries(h, count: A + N)\n```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        let interpreter = Interpreter(calls: Vocabulary.table, random: nil, output: { _ in })
        _ = try interpreter.run(lesson.cells[0], performer: RecordingPerformer())
        XCTAssertEqual(try interpreter.namesRead(by: lesson.cells[1]), ["K", "N", "g", "h"])
        XCTAssertEqual(try interpreter.namesRead(by: lesson.cells[0]), [])
    }
}
