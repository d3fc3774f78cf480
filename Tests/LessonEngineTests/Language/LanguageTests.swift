import XCTest
@testable import LessonEngine
@testable import LessonLanguage

final class LanguageTests: XCTestCase {
    /// Python's precedence, with results Python 3 gives for the same expressions.
    func testPrecedenceTable() {
        let cases: [(String, Value)] = [
            ("1 + 2 * 3", .int(7)),
            ("(1 + 2) * 3", .int(9)),
            ("2 ** 3 ** 2", .int(512)),           // right-associative
            ("-2 ** 2", .int(-4)),                // ** binds tighter than unary minus on its left
            ("2 ** -1", .double(0.5)),            // and allows a sign on its right
            ("(-2) ** 2", .int(4)),
            ("- - 3", .int(3)),
            ("10 - 4 - 3", .int(3)),              // left-associative
            ("2 * 3 % 4", .int(2)),
            ("7 / 2", .double(3.5)),
            ("6 / 3", .double(2.0)),              // `/` always gives a float
            ("-7 % 3", .int(2)),                  // sign of the divisor, as Python
            ("7 % -3", .int(-2)),
            ("-7.5 % 2", .double(0.5)),
            ("1 + 2 < 4", .bool(true)),
            ("1 < 2 and 3 < 2 or true", .bool(true)),
            ("not 1 < 2", .bool(false)),
            ("not true or true", .bool(true)),    // not binds tighter than or
            ("true or 1 / 0 > 0", .bool(true)),   // short-circuit
            ("false and 1 / 0 > 0", .bool(false)),
            ("1 == 1.0", .bool(true)),
            ("\"a\" != \"b\"", .bool(true)),
            ("\"ab\" < \"b\"", .bool(true)),
            ("[1, 2] == [1, 2.0]", .bool(true)),
            ("1e-3 * 1000", .double(1.0)),
            ("2.5E+2", .double(250)),
            (".5 + 1.", .double(1.5)),
            ("9223372036854775807 + 1", .double(9223372036854775808.0)), // overflow becomes a float
            ("2 ** 62", .int(4611686018427387904)),
            ("\"ab\" + \"cd\"", .string("abcd")),
            ("[1] + [2, 3]", .list([.int(1), .int(2), .int(3)])),
            ("(1, 2)", .tuple([.int(1), .int(2)])),
            ("(1,)", .tuple([.int(1)])),
            ("()", .tuple([])),
            ("(3)", .int(3)),
        ]
        for (expression, expected) in cases {
            XCTAssertEqual(value(expression), expected, expression)
        }
    }

    func testBuiltins() throws {
        let cases: [(String, Double)] = [
            ("sin(pi / 2)", 1), ("cos(0)", 1), ("tan(0)", 0), ("exp(1)", 2.718281828459045),
            ("log(e)", 1), ("sqrt(16)", 4), ("abs(-2.5)", 2.5), ("min(3, 1.5, 2)", 1.5),
            ("max([1, 4, 2])", 4), ("round(2.675, 2)", 2.68), ("sin(1)", 0.8414709848078965),
        ]
        for (expression, expected) in cases {
            let got = try XCTUnwrap(value(expression)?.number, expression)
            XCTAssertEqual(got, expected, accuracy: 1e-15, "\(expression): expected \(expected), observed \(got)")
        }
        XCTAssertEqual(value("floor(-2.5)"), .int(-3))
        XCTAssertEqual(value("round(2.5)"), .int(2))      // half to even, as Python
        XCTAssertEqual(value("round(3.5)"), .int(4))
        XCTAssertEqual(value("abs(-3)"), .int(3))
        XCTAssertEqual(value("min(2, 1)"), .int(1))
        XCTAssertEqual(value("rand() / 10"), .double(0.025))
    }

    func testFunctionsReadGlobalsWhenCalled() throws {
        let text = lessonText("constants", """
        f(x) = x * SCALE + 1   # SCALE is bound after f
        SCALE = 2
        A = f(3)
        g(y) = f(y) ** 2
        B = g(1)
        h = sin
        C = h(0)
        r = rand
        D = r()
        """)
        let (_, interpreter) = try runLesson(text)
        XCTAssertEqual(interpreter.globals["A"], .int(7))
        XCTAssertEqual(interpreter.globals["B"], .int(9))
        XCTAssertEqual(interpreter.globals["C"], .double(0))
        XCTAssertEqual(interpreter.globals["D"], .double(0.25))
        let f = try XCTUnwrap(interpreter.globals["f"])
        let call = StepCall(name: "series", arguments: [:], step: .data, cellIndex: 2, file: "x.md",
                            line: 9, column: 1, sourceLine: "series(f, count: 3)")
        XCTAssertEqual(try interpreter.apply(f, to: [.double(0.5)], for: call), .double(2.0))
        XCTAssertThrowsError(try interpreter.apply(.function(LessonFunction(name: "log", body: .builtin)), to: [.int(0)], for: call)) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "log: log needs a number above 0, got 0")
            XCTAssertEqual(e.line, 9)
        }
        XCTAssertThrowsError(try interpreter.apply(f, to: [.int(1), .int(2)], for: call)) { error in
            XCTAssertEqual((error as? LessonError)?.message, "f: f takes 1 argument, got 2")
        }
        XCTAssertThrowsError(try interpreter.apply(.int(3), to: [], for: call)) { error in
            XCTAssertEqual((error as? LessonError)?.message, "3 is not a function")
        }
    }

    func testCommentsBlankLinesAndMultiLineCalls() throws {
        let performer = RecordingPerformer()
        let text = lessonText("fit", """
        # a comment line

        fit(batch_size: 256,   # comment inside the call
            epochs: 3, validation_split: 0.25,

            callbacks: [
              early_stopping(patience: 2),
            ],
        )
        """)
        try runLesson(text, performer: performer)
        XCTAssertEqual(performer.calls.count, 1)
        let call = try XCTUnwrap(performer.calls.first)
        XCTAssertEqual(call.integer("batch_size"), 256)
        XCTAssertEqual(call.integer("epochs"), 3)
        XCTAssertEqual(call.line, 6)
        XCTAssertEqual(call.column, 1)
        XCTAssertEqual(call["validation_split"], .double(0.25))
        XCTAssertEqual(call["shuffle"], .bool(true))
        guard case .list(let callbacks)? = call["callbacks"], let stop = callbacks.first?.object else {
            return XCTFail("callbacks: \(String(describing: call["callbacks"]))")
        }
        XCTAssertEqual(stop.name, "early_stopping")
        XCTAssertEqual(stop["patience"], .int(2))
        XCTAssertEqual(stop["monitor"], .string("val_loss"))
        XCTAssertEqual(stop["min_delta"], .double(0))
    }

    func testPrintFormatsLikePython() throws {
        let text = lessonText("constants", """
        print(0.5488135039273248, 1.0, 2, 1e-05, 1e16, 123.456, -0.0)
        print([1, 2], (1,), (1, 2.5), "text", ["a"], true)
        print("x =", 1 / 3)
        L = [10, 20, 30, 40]
        print(L, first: 2)
        print()
        print(zeros(), constant(0.5))
        """)
        let (output, _) = try runLesson(text)
        XCTAssertEqual(output, [
            "0.5488135039273248 1.0 2 1e-05 1e+16 123.456 -0.0",
            "[1, 2] (1,) (1, 2.5) text [\"a\"] true",
            "x = 0.3333333333333333",
            "10", "20",
            "",
            "zeros() constant(value: 0.5)",
        ])
    }

    // MARK: - Errors: message, line and column

    func testSyntaxErrors() {
        assertError("constants", "A = (1 + 2", "'(' is never closed; add ')'", column: 5)
        assertError("constants", "A = 1 + 2)", "')' has no matching '('", column: 10)
        assertError("constants", "A = [1, 2)", "')' closes the '[' opened at line 1, column 5", column: 10)
        assertError("constants", "A = 'x'", "unexpected character ''' ; strings use double quotes: \"text\"".replacingOccurrences(of: "' ;", with: "';"), column: 5)
        assertError("constants", "A = \"abc", "string is not closed before the end of the line; add '\"'", column: 5)
        assertError("constants", "A = \"a\\qb\"", "unknown escape '\\q' in a string; use \\\" \\\\ \\n or \\t", column: 7)
        assertError("constants", "A = 1 2", "unexpected '2' after the statement; write one statement a line", column: 7)
        assertError("constants", "A = ", "expected a value after '='", column: 5)
        assertError("constants", "A = 1 +", "expected a value, found end of line", column: 8)
        assertError("constants", "1 + 2", "a statement is a call, NAME = value, or f(x) = value; '1 + 2' does nothing alone", column: 1)
        assertError("constants", "f(x, y) = x", "a function is defined with one parameter name, as in f(x) = sin(x)", column: 1)
        assertError("constants", "1 = 2", "cannot assign to '1'; the left of '=' is a name or f(x)", column: 3)
        assertError("constants", "A = 1 < 2 < 3", "comparisons do not chain; write '1 < 2 and 2 < ...'", column: 11)
        assertError("constants", "A = 7 // 2", "'//' is not part of the lesson language; use floor(a / b)", column: 7)
        assertError("constants", "A = 1e", "exponent of '1e' has no digits; write 1e-3", column: 5)
        assertError("constants", "A = 2x", "'2x' is not a number; names cannot start with a digit", column: 5)
        assertError("constants", "A = 99999999999999999999", "integer 99999999999999999999 is too large; write it as a float (e.g. 1e30)", column: 5)
        assertError("constants", "A = 1e999", "number 1e999 is out of range", column: 5)
        assertError("fit", "fit(epochs = 3)", "keyword arguments use ':', as in units: 300", column: 12)
        assertError("fit", "fit(epochs: 1, epochs: 2)", "argument 'epochs' is given twice", column: 16)
        assertError("model", "dense(units: 1, \"linear\")", "a positional argument cannot follow keyword arguments", column: 17)
    }

    func testEvaluationErrors() {
        assertError("constants", "A = 1 / 0", "division by zero", column: 7)
        assertError("constants", "A = 1.5 % 0", "division by zero in '%'", column: 9)
        assertError("constants", "A = 0 ** -1", "0 cannot be raised to a negative power", column: 7)
        assertError("constants", "A = (-8) ** 0.5", "a negative number to a fractional power has no real value", column: 10)
        assertError("constants", "A = 10.0 ** 400", "'**' overflows: the result is too large for a number", column: 10)
        assertError("constants", "A = 10 ** 400", "'**' overflows: the result is too large for a number", column: 8)
        assertError("constants", "A = exp(1000)", "exp(1000) is too large for a number", column: 9)
        assertError("constants", "A = log(0)", "log needs a number above 0, got 0", column: 9)
        assertError("constants", "A = sqrt(-1)", "sqrt needs a number at least 0, got -1", column: 10)
        assertError("constants", "A = N_HIDEN\nN_HIDDEN = 1", "unknown name 'N_HIDEN'", column: 5)
        assertError("constants", "N_HIDDEN = 1\nA = N_HIDEN", "unknown name 'N_HIDEN' (did you mean 'N_HIDDEN'?)", line: 2, column: 5)
        assertError("constants", "A = sni(1)", "unknown function 'sni' (did you mean 'sin'?)", column: 5)
        assertError("constants", "A = sin(1, 2)", "sin takes 1 argument, got 2", column: 5)
        assertError("constants", "A = sin(x: 1)", "sin takes no keyword arguments ('x:')", column: 9)
        assertError("constants", "B = 3\nA = B(1)", "'B' is an integer, not a function", line: 2, column: 5)
        assertError("constants", "A = \"a\" + 1", "'+' cannot combine a string \"a\" and an integer 1", column: 9)
        assertError("constants", "A = \"a\" < 1", "'<' cannot compare a string \"a\" with an integer 1", column: 9)
        assertError("constants", "A = 1 and true", "'and' needs true or false on its left, got an integer 1", column: 5)
        assertError("constants", "A = not 1", "'not' needs true or false, got an integer 1", column: 5)
        assertError("constants", "A = -\"a\"", "unary '-' needs a number, got a string \"a\"", column: 5)
        assertError("constants", "sin = 1", "'sin' is a built-in name of the lesson language; choose another name", column: 1)
        assertError("constants", "A = lstm", "'lstm' is a call; write lstm(...)", column: 5)
        assertError("constants", "A = lstm(units: 1)", "lstm(...) is a statement of a model cell; it has no value", column: 5)
        assertError("constants", "A = print(1)", "print(...) is a statement; it has no value", column: 5)
        assertError("constants", "A = floor(1e300 * 10)", "floor of 1e+301 is not a whole number", column: 11)
        assertError("constants", "A = min([])", "min of one value needs a non-empty list, got []", column: 9)
        assertError("constants", "A = rand(1)", "rand takes 0 arguments, got 1", column: 5)
        assertError("constants", "A = rand(seed: 1)", "rand takes no keyword arguments ('seed:')", column: 10)
        XCTAssertEqual(value("rand() + rand()"), .double(0.5))

        assertError("constants", "sin(1)", "sin(...) computes a value that nothing uses; a statement is a call of this step (print) or NAME = value", column: 1)
    }

    func testRecursionAndNestingAreBounded() {
        assertError("constants", "f(x) = f(x + 1)\nA = f(0)",
                    "calls of f nest more than 50 deep; does a function call itself?", column: 8)
        assertError("constants", "A = " + String(repeating: "1 + ", count: 250) + "1",
                    "evaluation is nested more than 200 levels deep "
                    + "(a function that calls itself without end, or a very long chain of operators)", column: 5)
        let deep = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        assertError("constants", "A = \(deep)",
                    "expression is nested more than 32 levels deep; name its parts with NAME = ...", column: 37)
        let minus = String(repeating: "-", count: 200) + "1"
        guard let error = lessonError(lessonText("constants", "A = \(minus)")) else { return }
        XCTAssertTrue(error.message.hasPrefix("expression is nested more than 32 levels deep"), error.message)
        let long = "A = " + String(repeating: "1 + ", count: 1200) + "1"
        guard let longError = lessonError(lessonText("constants", long)) else { return }
        XCTAssertEqual(longError.message, "line is 4805 characters long; lines hold at most 4000")
        // A long flat chain within the limits evaluates.
        XCTAssertEqual(value(String(repeating: "1 + ", count: 150) + "1"), .int(151))
    }

    func testErrorInsideAFunctionPointsAtItsDefinition() throws {
        let text = "# T\n\n```constants\nf(x) = x + MISSING\n```\n\n```data\nseries(f, count: 10)\n```\n"
        // The data cell's step receives f unevaluated; the checker evaluates it on an
        // unknown x, which reaches the body; the error points into the constants cell.
        let lesson = try LessonParser.parse(text, path: "x.md")
        XCTAssertThrowsError(try LessonChecker.check(lesson)) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "unknown name 'MISSING'")
            XCTAssertEqual(e.line, 4)
            XCTAssertEqual(e.column, 12)
            XCTAssertEqual(e.step, .constants)
            XCTAssertEqual(e.sourceLine, "f(x) = x + MISSING")
        }
    }

    func testRenderedErrorWithCaret() {
        let text = "# T\n\n  ```model\n  input(shape: (80, 1))\n  lsmt(units: 300)\n  ```\n"
        guard let error = lessonError(text) else { return }
        XCTAssertEqual(error.rendered(), """
        error: Lessons/test.md:5:3: model: unknown layer 'lsmt' (did you mean 'lstm'?)
          lsmt(units: 300)
          ^
        """)
        XCTAssertEqual(error.exitCode, 65)
        XCTAssertTrue(error.rendered(color: true).contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }
}

final class ExpressionTextTests: XCTestCase {
    /// Parsing then printing keeps the meaning with only the parentheses it needs.
    func testTextRoundTrip() throws {
        let cases: [(String, String)] = [
            ("(a + b) * c", "(a + b) * c"),
            ("a + (b * c)", "a + b * c"),
            ("a - (b - c)", "a - (b - c)"),
            ("(a - b) - c", "a - b - c"),
            ("(2 ** 3) ** 2", "(2 ** 3) ** 2"),
            ("2 ** (3 ** 2)", "2 ** 3 ** 2"),
            ("-(2 ** 2)", "-2 ** 2"),
            ("(-2) ** 2", "(-2) ** 2"),
            ("not (a < b) and c", "not a < b and c"),
            ("(a or b) and c", "(a or b) and c"),
            ("-(a + b)", "-(a + b)"),
            ("f(x, k: [1, (2,)])", "f(x, k: [1, (2,)])"),
        ]
        for (source, expected) in cases {
            let statements = try Parser.parse(["X = " + source])
            guard case .assignment(_, let expression, _)? = statements.first else { return XCTFail(source) }
            XCTAssertEqual(expression.text, expected, source)
            let reparsed = try Parser.parse(["X = " + expression.text])
            guard case .assignment(_, let again, _)? = reparsed.first else { return XCTFail(source) }
            XCTAssertEqual(again.text, expected, "re-parsed \(source)")
        }
    }
}
