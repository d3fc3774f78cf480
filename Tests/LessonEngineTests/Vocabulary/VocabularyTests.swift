import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Lesson 01's cells as the project first specified them (Lessons/01-sine-wave.md grew prose around the same cells).
let lessonOne = """
# Predict a sine wave with an LSTM

```setup
seed = 0
```

```constants
N_HIDDEN = 300          # hidden units
LEN_SEQ = 80            # steps in one input window
IN_NEUR = 1             # features per step
BATCH_NM = 256
EPOCH_NM = 1000
STEPS_PER_CYCLE = 80
NUM_OF_CYCLE = 50
```

```model
input(shape: (LEN_SEQ, IN_NEUR))
lstm(units: N_HIDDEN, bias_initializer: constant(rand() / 10.0), return_sequences: false)
dense(units: 1, activation: "linear")
compile(loss: "mean_squared_error", optimizer: rmsprop())
```

```data
f(x) = sin(x * (2 * pi / STEPS_PER_CYCLE))
series(f, count: NUM_OF_CYCLE * STEPS_PER_CYCLE)
windows(length: LEN_SEQ)
shuffle()
```

```fit
fit(batch_size: BATCH_NM, epochs: EPOCH_NM, validation_split: 0.3, shuffle: false,
    callbacks: [
      model_checkpoint(filepath: "model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.3f}.safetensors",
                       monitor: "val_loss", save_best_only: true),
      early_stopping(monitor: "val_loss", patience: 20)])
```

```validate
load_model("best")
forecast(steps: 200)
plot(file: "prediction.png", truth: "red", prediction: "blue")
```
"""

final class VocabularyTests: XCTestCase {
    func testLessonOneParsesAndChecks() throws {
        let lesson = try LessonParser.parse(lessonOne, path: "Lessons/01-sine-wave.md")
        XCTAssertEqual(lesson.cells.map(\.kind), [.setup, .constants, .model, .data, .fit, .validate])
        XCTAssertNoThrow(try LessonChecker.check(lesson))
    }

    /// What the step actions receive for lesson 01, with defaults filled in.
    func testLessonOneStepCalls() throws {
        let performer = RecordingPerformer()
        let (_, interpreter) = try runLesson(lessonOne, performer: performer, random: { 0.5488135039273248 })
        XCTAssertEqual(performer.calls.map(\.name),
                       ["seed", "input", "lstm", "dense", "compile", "series", "windows", "shuffle", "fit",
                        "load_model", "forecast", "plot"])
        let calls = Dictionary(performer.calls.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(calls["seed"]?["value"], .int(0))
        XCTAssertEqual(calls["input"]?["shape"], .tuple([.int(80), .int(1)]))
        let lstm = try XCTUnwrap(calls["lstm"])
        XCTAssertEqual(lstm.integer("units"), 300)
        XCTAssertEqual(lstm["bias_initializer"], .object(StepObject(name: "constant", arguments: ["value": .double(0.5488135039273248 / 10.0)])))
        XCTAssertEqual(lstm["activation"], .string("tanh"))
        XCTAssertEqual(lstm["recurrent_activation"], .string("sigmoid"))
        XCTAssertEqual(lstm["unit_forget_bias"], .bool(true))
        XCTAssertEqual(lstm["return_sequences"], .bool(false))
        XCTAssertEqual(lstm.line, 19)
        XCTAssertEqual(lstm.column, 1)
        XCTAssertEqual(lstm.step, .model)
        XCTAssertEqual(lstm.cellIndex, 3)
        XCTAssertEqual(calls["compile"]?["optimizer"]?.object?.arguments,
                       ["learning_rate": .double(0.001), "rho": .double(0.9), "epsilon": .double(1e-7)])
        let series = try XCTUnwrap(calls["series"])
        XCTAssertEqual(series.integer("count"), 4000)
        XCTAssertNil(series["csv"])
        let f = try XCTUnwrap(series["function"])
        let y = try interpreter.number(f, at: .int(20), for: series)
        XCTAssertEqual(y, 1.0, accuracy: 1e-15, "f(20) = sin(pi/2)")
        let fit = try XCTUnwrap(calls["fit"])
        XCTAssertEqual(fit.integer("batch_size"), 256)
        XCTAssertEqual(fit.integer("epochs"), 1000)
        XCTAssertEqual(fit.number("validation_split"), 0.3)
        XCTAssertEqual(fit.bool("shuffle"), false)
        guard case .list(let callbacks)? = fit["callbacks"], callbacks.count == 2,
              let checkpoint = callbacks[0].object, let stopping = callbacks[1].object else {
            return XCTFail("callbacks: \(String(describing: fit["callbacks"]))")
        }
        XCTAssertEqual(checkpoint["filepath"], .string("model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.3f}.safetensors"))
        XCTAssertEqual(checkpoint["save_best_only"], .bool(true))
        XCTAssertEqual(stopping["patience"], .int(20))
        XCTAssertEqual(calls["load_model"]?["path"], .string("best"))
        XCTAssertEqual(calls["forecast"]?.integer("steps"), 200)
        XCTAssertEqual(calls["plot"]?["truth"], .string("red"))
        XCTAssertEqual(interpreter.globals["seed"], .int(0))
        XCTAssertEqual(interpreter.globals["N_HIDDEN"], .int(300))
    }

    func testArgumentErrors() {
        let cases: [(String, String, String, Int)] = [
            ("model", "lstm(unit: 3)", "lstm has no argument 'unit' (did you mean 'units'?)", 6),
            ("model", "lstm(size: 3)", "lstm has no argument 'size'; it takes units:, activation:, "
                + "recurrent_activation:, bias_initializer:, unit_forget_bias:, return_sequences:", 6),
            ("model", "lstm(units: -5)", "units must be a whole number from 1 to 100000, got -5", 13),
            ("model", "lstm(units: 0)", "units must be a whole number from 1 to 100000, got 0", 13),
            ("model", "lstm(units: 2.5)", "units must be a whole number, got 2.5", 13),
            ("model", "lstm(units: \"300\")", "units must be a whole number from 1 to 100000, got a string \"300\"", 13),
            ("model", "lstm()", "lstm needs units: (a whole number from 1 to 100000)", 1),
            ("model", "lstm(units: 3, activation: \"tahn\")",
             "activation must be one of \"linear\", \"tanh\", \"relu\", \"sigmoid\", \"hard_sigmoid\", got \"tahn\" (did you mean \"tanh\"?)", 28),
            ("model", "lstm(units: 3, bias_initializer: 0.1)",
             "bias_initializer must be an initializer: constant(x), zeros(), glorot_uniform() or orthogonal(), got 0.1", 34),
            ("model", "lstm(units: 3, return_sequences: 1)", "return_sequences must be true or false, got 1", 34),
            ("model", "input(shape: (80, 0))", "shape must be a tuple of positive whole numbers, as (80, 1), got (80, 0)", 14),
            ("model", "compile(optimizer: rmsprop(learning_rate: -1))", "rmsprop learning_rate must be a number above 0, got -1", 43),
            ("model", "compile(optimizer: rmsprop(rho: 1))", "rmsprop rho must be a number from 0 up to (not including) 1, got 1", 33),
            ("model", "compile(optimizer: adam())", "unknown function 'adam'", 20),
            ("model", "dense(1, \"linear\", 3)", "dense takes at most 2 positional arguments; name the others, as in dense(units: activation:)", 20),
            ("model", "dense(units: 1, units: 2)", "argument 'units' is given twice", 17),
            ("model", "dense(1, units: 2)", "argument 'units' is given twice (once by position)", 10),
            ("fit", "fit(batch_size: 256.5)", "batch_size must be a whole number, got 256.5", 17),
            ("fit", "fit(validation_split: 1.5)", "validation_split must be a number from 0 up to (not including) 1, got 1.5", 23),
            ("fit", "fit(callbacks: [early_stopping(patience: -1)])", "early_stopping patience must be a whole number at least 0, got -1", 42),
            ("fit", "fit(callbacks: [zeros()])",
             "callbacks item 1 must be model_checkpoint(...), early_stopping(...) or reduce_lr_on_plateau(...), got zeros()", 16),
            ("fit", "fit(callbacks: early_stopping())",
             "callbacks must be a list of model_checkpoint(...), early_stopping(...) or reduce_lr_on_plateau(...), "
                + "got early_stopping(min_delta: 0.0, monitor: \"val_loss\", patience: 0)", 16),
            ("fit", "fit(rollout: 0)", "rollout must be a whole number from 1 to 1000, got 0", 14),
            ("fit", "fit(rollout: 2.5)", "rollout must be a whole number, got 2.5", 14),
            ("fit", "fit(rolout: 5)", "fit has no argument 'rolout' (did you mean 'rollout'?)", 5),
            ("fit", "fit(callbacks: [reduce_lr_on_plateau(factor: 1)])",
             "reduce_lr_on_plateau factor must be a number from 0 up to (not including) 1, got 1", 46),
            ("fit", "fit(callbacks: [reduce_lr_on_plateau(factor: 0)])",
             "reduce_lr_on_plateau factor must be above 0 and below 1 (new rate = rate · factor), got 0.0", 17),
            ("fit", "fit(callbacks: [reduce_lr_on_plateau(patience: -2)])",
             "reduce_lr_on_plateau patience must be a whole number at least 0, got -2", 48),
            ("fit", "fit(callbacks: [reduce_lr_on_plateu()])", "unknown function 'reduce_lr_on_plateu' (did you mean 'reduce_lr_on_plateau'?)", 17),
            ("fit", "fit(callbacks: [model_checkpoint(filepath: \"a\", monitor: \"val_los\")])",
             "model_checkpoint monitor must be one of \"loss\", \"val_loss\", got \"val_los\" (did you mean \"val_loss\"?)", 58),
            ("fit", "fit(callbacks: [model_checkpoint()])", "model_checkpoint needs filepath: (a file name inside the result folder, relative and without \"..\")", 17),
            ("fit", "fit(epochs: 1e400)", "number 1e400 is out of range", 13),
            ("fit", "fit(epochs: 10.0 ** 300)", "epochs must be a whole number, got 1e+300", 13),
            ("data", "series(count: 10)", "series needs a function and count (series(f, count: 4000)) or a file (series(csv: \"file.csv\", column: \"name\"))", 1),
            ("data", "series(sin)", "series(f, count: N) needs count", 1),
            ("data", "series(sin, count: 3, csv: \"a.csv\")", "series takes either a function and count, or csv:; 'csv' goes with csv:", 1),
            ("data", "series(3, count: 3)", "function must be a one-variable function, as f after f(x) = sin(x), got an integer 3", 8),
            ("data", "shuffle(true)", "shuffle takes no arguments", 9),
            ("validate", "plot(truth: \"rde\")", "truth must be a colour (\"red\", \"blue\", \"green\", \"black\", \"orange\", \"purple\", \"gray\", \"brown\", \"magenta\", \"cyan\" or \"#rrggbb\"), got \"rde\" (did you mean \"red\"?)", 13),
            ("validate", "forecast(steps: 0)", "steps must be a whole number from 1 to 1000000, got 0", 17),
            ("setup", "sed = 0", "a setup cell sets only result_dir, seed, threads; 'sed' is not one of them (did you mean 'seed'?)", 1),
            ("setup", "seed = -1", "seed must be a whole number from 0 to 4294967295, got -1", 8),
            ("setup", "threads = 0", "threads must be a positive whole number, got 0", 11),
            ("setup", "seed(0)", "a setup cell holds only seed = ..., threads = ... and result_dir = ...; write seed = value", 1),
            ("setup", "lstm(units: 1)", "lstm(...) belongs in a model cell, not a setup cell", 1),
            ("constants", "seed = 1", "'seed' is a setting of the setup cell; set it there", 1),
            ("setup", "f(x) = x", "a setup cell sets only seed, threads and result_dir; define functions in a constants or data cell", 1),
            ("model", "lsmt(units: 300)", "unknown layer 'lsmt' (did you mean 'lstm'?)", 1),
            ("model", "conv(units: 3)", "unknown layer 'conv'; a model cell accepts compile, dense, gru, input, lstm, recurrent, simple_rnn, print", 1),
            ("model", "recurrent(kind: \"rnn\", units: 3)", "kind must be one of \"lstm\", \"gru\", \"simple_rnn\", got \"rnn\"", 17),
            ("model", "gru(units: 3, reset_after: 1)", "reset_after must be true or false, got 1", 28),
            ("model", "simple_rnn(units: 3, recurrent_activation: \"sigmoid\")", "simple_rnn has no argument 'recurrent_activation'; it takes units:, activation:, return_sequences:", 22),
            ("data", "windws(length: 3)", "unknown statement 'windws' (did you mean 'windows'?)", 1),
            ("data", "lstm(units: 3)", "lstm(...) belongs in a model cell, not a data cell", 1),
            ("model", "constant(1)", "constant(...) makes a value for an argument (as in bias_initializer: constant(0.1)); alone it does nothing", 1),
            ("model", "expect(true)", "expect(...) belongs in a validate cell", 1),
            ("constants", "print(1, frist: 2)", "print has no argument 'frist' (did you mean 'first'?)", 10),
            ("constants", "print(1, sep: \",\")", "print has no argument 'sep'; it takes values and first:", 10),
            ("constants", "print([1], first: 0)", "first must be a positive whole number, got 0", 19),
            ("constants", "print(1, 2, first: 1)", "print(values, first: N) takes exactly one list", 1),
        ]
        for (kind, body, message, column) in cases {
            guard let error = lessonError(lessonText(kind, body)) else { continue }
            XCTAssertEqual(error.message, message, body)
            XCTAssertEqual(error.line, 4, body)
            XCTAssertEqual(error.column, column, body)
            XCTAssertEqual(error.step?.rawValue, kind, body)
            XCTAssertEqual(error.kind, .invalidLesson, body)
        }
    }

    /// The fit call and the reduce_lr_on_plateau constructor with Keras' defaults filled in.
    func testRolloutAndReduceLROnPlateauDefaults() throws {
        let performer = RecordingPerformer()
        try runLesson(lessonText("fit", "fit(rollout: 8, validation_split: 0.2, callbacks: [reduce_lr_on_plateau(factor: 0.3, patience: 5)])"),
                      performer: performer)
        let fit = try XCTUnwrap(performer.calls.first)
        XCTAssertEqual(fit["rollout"], .int(8))
        XCTAssertEqual(fit["callbacks"]?.elements?.first?.object?.arguments, [
            "monitor": .string("val_loss"), "factor": .double(0.3), "patience": .int(5), "min_delta": .double(1e-4),
            "cooldown": .int(0), "min_lr": .double(0),
        ])
        let plain = RecordingPerformer()
        try runLesson(lessonText("fit", "fit()"), performer: plain)
        XCTAssertEqual(plain.calls.first?["rollout"], .int(1))
    }

    func testWholeFloatsAreAcceptedAsIntegers() throws {
        let performer = RecordingPerformer()
        try runLesson(lessonText("fit", "fit(batch_size: 256.0, epochs: 2 * 5)"), performer: performer)
        XCTAssertEqual(performer.calls.first?["batch_size"], .int(256))
        XCTAssertEqual(performer.calls.first?["epochs"], .int(10))
    }

    func testOrderChecks() throws {
        let cases: [(String, String, Int)] = [
            ("```fit\nfit()\n```\n", "fit(...) needs a model: add a model cell with layers and compile(...) before this cell", 2),
            ("```model\ninput(shape: (3, 1))\ndense(units: 1)\ncompile()\n```\n```fit\nfit()\n```\n",
             "fit(...) needs data: add a data cell with series(...) and windows(length:) before this cell", 7),
            ("```model\ndense(units: 1)\ncompile()\n```\n", "the model needs input(shape: (steps, 1)) before its layers", 3),
            ("```model\ncompile()\n```\n", "compile(...) needs at least one layer (lstm, gru, simple_rnn or dense) before it", 2),
            ("```model\ndense(units: 1)\ninput(shape: (3, 1))\n```\n", "input(shape:) must come before the layers", 3),
            ("```model\ninput(shape: (3, 1))\ndense(units: 1)\ncompile()\ndense(units: 1)\n```\n",
             "dense(...) comes after compile(...); add layers before compiling", 5),
            ("```data\nwindows(length: 3)\n```\n", "windows(...) needs a series(...) before it", 2),
            ("```data\nseries(sin, count: 9)\nshuffle()\n```\n", "shuffle() shuffles the windows; call windows(length:) before it", 3),
            ("```validate\nload_model(\"best\")\n```\n", "load_model(\"best\") loads the best checkpoint of a fit; add a fit cell before this cell", 2),
            ("```validate\nforecast(steps: 3)\n```\n", "forecast(...) needs a model: a model cell or load_model(...) before it", 2),
            ("```validate\nload_model(\"m.safetensors\")\nforecast(steps: 3)\n```\n",
             "forecast(...) continues a series; add a data cell with series(...) before it", 3),
            ("```model\ninput(shape: (3, 1))\ndense(units: 1)\ncompile()\n```\n```data\nseries(sin, count: 9)\n```\n```validate\nplot()\n```\n",
             "plot(...) draws a forecast; call forecast(steps:) before it", 10),
            ("```model\nlstm(units: 4)\nlstm(units: 4)\n```\n",
             "the layer before this lstm gives one vector a window; to stack recurrent layers, give the lstm below return_sequences: true", 3),
            ("```model\nlstm(units: 4, return_sequences: true)\ndense(units: 1)\n```\n",
             "the lstm before this dense returns every step (return_sequences: true); the targets are values, not sequences, "
             + "so give it return_sequences: false", 3),
            ("```model\nlstm(units: 4, return_sequences: true)\ncompile()\n```\n",
             "the last lstm returns every step (return_sequences: true); the targets are values, not sequences, "
             + "so end the model with return_sequences: false or a dense layer", 3),
            // The last layer's units and the input's features meet the data at the fit (issue 14: a
            // series may have several columns and windows a horizon, so the model cell alone cannot tell).
            ("```model\ninput(shape: (5, 1))\nlstm(units: 4)\ncompile()\n```\n```data\nseries(sin, count: 9)\nwindows(length: 5)\n```\n"
             + "```fit\nfit()\n```\n",
             "the model ends in 4 units, but the targets are one value a window; end it with dense(units: 1)", 11),
            ("```model\ninput(shape: (5, 2))\nlstm(units: 4)\ndense(units: 1)\ncompile()\n```\n```data\nseries(sin, count: 9)\n"
             + "windows(length: 5)\n```\n```fit\nfit()\n```\n",
             "input(shape:) has 2 features a step, but the series gives 1 column a step; use (steps, 1)", 12),
            ("```model\ninput(shape: (80,))\n```\n",
             "input(shape:) takes (steps, features) of positive whole numbers, steps up to 100000, as (80, 1); got 1 dimensions", 2),
            ("```model\ninput(shape: (80, 1))\nlstm(units: 3, return_sequences: true)\nlstm(units: 3)\ndense(units: 1)\ncompile()\n```\n"
             + "```data\nseries(sin, count: 500)\nwindows(length: 60)\n```\n```fit\nfit()\n```\n",
             "the model's input(shape:) expects windows of 80 steps, but windows(length:) cuts 60", 13),
        ]
        for (text, message, line) in cases {
            let lesson = try LessonParser.parse(text, path: "x.md")
            XCTAssertThrowsError(try LessonChecker.check(lesson), message) { error in
                guard let e = error as? LessonError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.message, message)
                XCTAssertEqual(e.line, line, message)
                XCTAssertEqual(e.column, 1, message)
            }
        }
    }

    func testCheckBindsValidateResultsAsUnknown() throws {
        let text = lessonOne + "\n```validate {name=again}\nexpect(rmse < 0.05 and mae >= 0)\nprint(predictions, first: 100)\nR = rmse * 2\n```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        XCTAssertNoThrow(try LessonChecker.check(lesson))
    }

    func testCheckingEvaluatesConstantsAndOverrides() throws {
        let text = "```constants\nB = 256\n```\n```fit\nfit(batch_size: B)\n```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        XCTAssertThrowsError(try LessonChecker.check(lesson, overrides: ["B": .double(2.5)])) { error in
            XCTAssertEqual((error as? LessonError)?.message, "batch_size must be a whole number, got 2.5")
        }
    }

    func testExpectFailureShowsValues() throws {
        let text = lessonText("validate", "rmse = 0.131\nlimit = 0.05\nexpect(rmse < limit and not (rmse > 1))")
        guard let error = lessonError(text) else { return }
        XCTAssertEqual(error.message, "expect(rmse < limit and not rmse > 1) failed: rmse = 0.131, limit = 0.05")
        XCTAssertEqual(error.kind, .failedRun)
        XCTAssertEqual(error.exitCode, 1)
        XCTAssertEqual(error.line, 6)
        XCTAssertEqual(error.column, 8)
        let simple = lessonError(lessonText("validate", "rmse = 0.131\nexpect(rmse < 0.05)"))
        XCTAssertEqual(simple?.message, "expect(rmse < 0.05) failed: rmse = 0.131")
        let notBool = lessonError(lessonText("validate", "expect(3)"))
        XCTAssertEqual(notBool?.message, "expect needs a condition (true or false), got an integer 3")
        XCTAssertNoThrow(try runLesson(lessonText("validate", "expect(1 < 2)")))
    }

    func testStepBindingsAndPerformerErrors() throws {
        final class Failing: StepPerformer {
            struct Boom: Error {}
            func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
                if call.name == "forecast" { return ["rmse": .double(0.01)] }
                if call.name == "plot" { throw call.error("cannot write prediction.png", kind: .io) }
                throw Boom()
            }
        }
        let text = lessonText("validate", "forecast(steps: 3)\nexpect(rmse < 0.05)\n  plot()")
        var output: [String] = []
        let lesson = try LessonParser.parse(text, path: "x.md")
        let interpreter = Interpreter(calls: Vocabulary.table, random: nil, output: { output.append($0) })
        XCTAssertThrowsError(try interpreter.run(lesson.cells[0], performer: Failing())) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "cannot write prediction.png")
            XCTAssertEqual(e.kind, .io)
            XCTAssertEqual(e.exitCode, 74)
            XCTAssertEqual(e.line, 6)
            XCTAssertEqual(e.column, 3)
            XCTAssertEqual(e.sourceLine, "  plot()")
        }
        XCTAssertEqual(interpreter.globals["rmse"], .double(0.01))
        let other = try LessonParser.parse(lessonText("validate", "load_model()"), path: "x.md")
        XCTAssertThrowsError(try interpreter.run(other.cells[0], performer: Failing())) { error in
            XCTAssertEqual((error as? LessonError)?.message, "load_model failed: Boom()")
        }
    }

    func testCellRunRecordsNamesReadAndBound() throws {
        let text = "```constants\nA = 2\nB = 3\nf(x) = x * B\n```\n```data\nseries(f, count: A)\nC = 1\n```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        let interpreter = Interpreter(calls: Vocabulary.table, random: nil, output: { _ in })
        let performer = RecordingPerformer()
        let first = try interpreter.run(lesson.cells[0], performer: performer)
        XCTAssertEqual(first.namesBound, ["A", "B", "f"])
        XCTAssertEqual(first.namesRead, [])
        let second = try interpreter.run(lesson.cells[1], performer: performer)
        XCTAssertEqual(second.namesRead, ["f", "A"])
        XCTAssertEqual(second.namesBound, ["C"])
        XCTAssertEqual(second.calls.map(\.name), ["series"])
    }
}

final class LessonTwoTests: XCTestCase {
    /// The bonus wave `3 sin 5x - 5 cos 3x` as lesson 02 writes it, against Python's
    /// `math` (values printed by python3 from the seed's own expression). Both call the
    /// platform libm, so the tolerance is a few ulps.
    func testMixedWaveMatchesPython() throws {
        let text = """
        ```constants
        STEPS_PER_CYCLE = 80
        ```
        ```data
        f(x) = 3 * sin(5 * x * (2 * pi / STEPS_PER_CYCLE)) - 5 * cos(3 * x * (2 * pi / STEPS_PER_CYCLE))
        series(f, count: 200 * STEPS_PER_CYCLE)
        ```
        """
        let performer = RecordingPerformer()
        let (_, interpreter) = try runLesson(text, performer: performer)
        let call = try XCTUnwrap(performer.calls.first)
        XCTAssertEqual(call.integer("count"), 16000)
        let f = try XCTUnwrap(call["function"])
        let python: [(Int, Double)] = [(0, -5.0), (123, 1.0303912304662997), (3999, -6.0098998990835995), (16199, 6.009899899083509)]
        for (x, expected) in python {
            let observed = try interpreter.number(f, at: .int(x), for: call)
            XCTAssertEqual(observed, expected, accuracy: 1e-12, "f(\(x)): expected \(expected), observed \(observed)")
        }
    }
}
