/// Runs cells of the lesson language: binds notebook globals, evaluates expressions,
/// checks every call statement against the `Vocabulary`, and hands checked calls to a
/// `StepPerformer`. Every failure is a `LessonError` located in the lesson file.
///
/// Running and checking are the same evaluation with different collaborators: a run
/// passes the step actions and the lesson's generator; `LessonChecker` passes a
/// performer that only checks order, no generator (`rand()` is then `unknown`), and an
/// output that discards what `print` writes.
public final class Interpreter {
    /// Notebook globals: constants, functions, and names step actions bound.
    public private(set) var globals: [String: Value]
    /// Draws uniform [0, 1) numbers for `rand()` (the lesson's numpy-compatible stream);
    /// nil while checking, which makes `rand()` an `unknown` value.
    public var random: (() -> Double)?
    /// Receives each line `print` writes (without a line end).
    public var output: (String) -> Void
    /// `--set NAME=VALUE`: when a cell binds NAME, VALUE is bound instead (the cell's
    /// own expression is still evaluated, so its errors still show).
    public var overrides: [String: Value] = [:]
    /// Setup settings an option of the command line replaces whatever the cell says
    /// (`--result-dir` replaces `result_dir`): their value is not checked.
    public var replacedSettings: Set<String> = []
    /// How large the values cells build may grow (`ValueLimits`; tests scale them down).
    public var limits: ValueLimits

    /// Deepest evaluation (nested expressions plus function calls) before an error.
    /// A level costs about 1.6 KB of stack in a debug build (6 KB through a function
    /// call), so with `maximumCallDepth` the worst case stays under 512 KB, the
    /// smallest thread stack a runner might use (StackDepthTests checks this).
    public static let maximumDepth = 200
    /// Deepest nesting of calls to cell-defined functions. The language has no
    /// conditionals, so deeper nesting is almost surely a function calling itself.
    public static let maximumCallDepth = 50

    // Evaluation state, used by the extensions in Interpreter+*.swift.
    public var depth = 0
    public var callDepth = 0
    public var namesRead: Set<String> = []
    public var running: Cell?
    /// Bytes each name an assignment bound holds, and their sum (Interpreter+Limits.swift).
    public var boundBytes: [String: Int] = [:]
    public var liveBytes = 0
    /// Bytes of the temporaries the statement being evaluated holds.
    public var heldBytes = 0
    /// The assignment whose expression is being evaluated, for messages that name it.
    public var assigning: (name: String, expression: Expression)?

    /// The calls cells may make (the engine's vocabulary).
    public let calls: CallTable

    public init(calls: CallTable, globals: [String: Value] = [:], limits: ValueLimits = .standard, random: (() -> Double)?,
                output: @escaping (String) -> Void) {
        self.calls = calls
        self.globals = globals
        self.limits = limits
        self.random = random
        self.output = output
    }

    /// Names no assignment may bind: the built-ins (`rand` among them) and every call of the table.
    public var reservedNames: Set<String> {
        Set(Builtins.functionNames).union(Builtins.constants.keys).union(calls.signatures.keys)
            .union(calls.interpreterStatements.keys)
    }

    // MARK: - Cells

    /// Runs every statement of `cell` in order, handing its step calls to `performer`.
    public func run(_ cell: Cell, performer: StepPerformer) throws -> CellRun {
        running = cell
        namesRead = []
        heldBytes = 0
        defer { running = nil }
        var record = CellRun(namesRead: [], namesBound: [], overridesApplied: [], calls: [])
        do {
            let statements = try Parser.parse(cell.lines.map(\.text))
            for statement in statements {
                try execute(statement, in: cell, performer: performer, record: &record)
            }
        } catch let error as LanguageError {
            throw lessonError(error, in: cell)
        }
        record.namesRead = namesRead
        return record
    }

    /// `function(x)` as a finite Double, as `series(f, count:)` needs for each x.
    /// Errors inside the function point into the cell that defined it; a result that
    /// is not a finite number is an error at `call`.
    public func number(_ function: Value, at x: Value, for call: StepCall) throws -> Double {
        let result = try apply(function, to: [x], for: call)
        guard let y = result.number, y.isFinite else {
            let name: String
            if case .function(let f) = function { name = f.name } else { name = "the function" }
            throw call.error("\(name)(\(ValueFormatter.excerpt(x))) is \(ValueFormatter.excerpt(result)), "
                             + "not a finite number")
        }
        return y
    }

    /// Calls a function value (a cell's `f(x) = ...` or a built-in) on `arguments`,
    /// as `series(f, count:)` does for x = 0, 1, 2, ... Errors in a cell-defined
    /// function's body point into the cell that defined it; other errors (a built-in's
    /// domain error, a wrong number of arguments) point at `call`.
    public func apply(_ function: Value, to arguments: [Value], for call: StepCall) throws -> Value {
        guard case .function(let f) = function else {
            throw call.error("\(ValueFormatter.excerpt(function)) is not a function")
        }
        let position = SourcePosition(line: 1, column: 1)
        do {
            return try self.call(f, arguments, Array(repeating: position, count: arguments.count), at: position)
        } catch let error as LanguageError {
            guard let cell = error.cell else { throw call.error("\(f.name): \(error.message)", kind: error.kind) }
            throw Interpreter.locate(error, in: cell)
        }
    }

    private func lessonError(_ error: LanguageError, in cell: Cell) -> LessonError {
        Interpreter.locate(error, in: error.cell ?? cell)
    }

    /// A body-position error as a file-located `LessonError`.
    public static func locate(_ error: LanguageError, in cell: Cell) -> LessonError {
        let (line, column) = cell.fileLocation(line: error.position.line, column: error.position.column)
        return LessonError(error.message, file: cell.file, line: line, column: column, step: cell.kind,
                           sourceLine: cell.fileText(bodyLine: error.position.line), kind: error.kind)
    }

    // MARK: - Statements

    private func execute(_ statement: Statement, in cell: Cell, performer: StepPerformer, record: inout CellRun) throws {
        switch statement {
        case .assignment(let name, let expression, let position):
            if cell.kind == .setup {
                guard let type = calls.setupSettings[name] else {
                    let names = calls.setupSettings.keys.sorted()
                    throw LanguageError("a setup cell sets only " + names.joined(separator: ", ") + "; '\(name)' is not one of them"
                                        + Suggestion.hint(for: name, among: names), position)
                }
                let computed = try evaluateAssigned(name, expression)
                let value = overrides[name] ?? computed
                let checked: Value
                switch replacedSettings.contains(name) ? .success(value) : type.check(value) {
                case .success(let v): checked = v
                case .failure(let problem):
                    let source = overrides[name] == nil ? "" : " (from --set)"
                    throw LanguageError("\(name)\(source) \(problem.message)", expression.start)
                }
                if let override = overrides[name] {
                    record.overridesApplied.append(name)
                    noteReplacement(name, override, computed, at: position, in: cell, record: &record)
                }
                try account(name, checked, assigned: expression)
                globals[name] = checked
                record.namesBound.append(name)
                let call = stepCall(name, ["value": checked], at: position, in: cell)
                record.calls.append(call)
                try perform(call, performer: performer, record: &record)
                return
            }
            try checkBindable(name, at: position)
            if calls.setupSettings[name] != nil {
                throw LanguageError("'\(name)' is a setting of the setup cell; set it there", position)
            }
            let value = try evaluateAssigned(name, expression)
            if value == .none {
                throw LanguageError("'\(ValueFormatter.excerpt(text: expression.text))' has no value to bind to \(name)",
                                    expression.start)
            }
            try account(name, overrides[name] ?? value, assigned: expression)
            if let override = overrides[name] {
                globals[name] = override
                record.overridesApplied.append(name)
                noteReplacement(name, override, value, at: position, in: cell, record: &record)
            } else {
                globals[name] = value
            }
            record.namesBound.append(name)
        case .function(let name, let parameter, let body, let position):
            guard cell.kind != .setup else {
                throw LanguageError("a setup cell sets only seed, threads and result_dir; define functions in a constants or data cell", position)
            }
            try checkBindable(name, at: position)
            uncount(name)
            globals[name] = .function(LessonFunction(name: name, body: .user(UserFunction(parameter: parameter, body: body, cell: cell))))
            record.namesBound.append(name)
        case .call(let expression):
            guard case .call(let name, let positional, let keywords, let position) = expression else { return }
            try executeCall(name, positional, keywords, at: position, in: cell, performer: performer, record: &record)
        }
    }

    /// `expression` evaluated as the value of `NAME = expression`, which limit errors name.
    private func evaluateAssigned(_ name: String, _ expression: Expression) throws -> Value {
        assigning = (name, expression)
        defer { assigning = nil }
        return try evaluate(expression)
    }

    /// Records `--set` replacing `computed` by `override`, unless they are the same value.
    private func noteReplacement(_ name: String, _ override: Value, _ computed: Value, at position: SourcePosition,
                                 in cell: Cell, record: inout CellRun) {
        guard override != computed else { return }
        let line = cell.fileLocation(line: position.line, column: position.column).line
        record.replacements.append(OverrideReplacement(name: name, value: override, lessonValue: computed, line: line))
    }

    private func checkBindable(_ name: String, at position: SourcePosition) throws {
        if reservedNames.contains(name) {
            throw LanguageError("'\(name)' is a built-in name of the lesson language; choose another name", position)
        }
    }

    private func executeCall(_ name: String, _ positional: [Expression], _ keywords: [KeywordArgument],
                             at position: SourcePosition, in cell: Cell, performer: StepPerformer,
                             record: inout CellRun) throws {
        switch name {
        case "print":
            try print(positional, keywords, at: position)
            return
        case "expect":
            guard cell.kind == .validate else {
                throw LanguageError("expect(...) belongs in a validate cell", position)
            }
            try expect(positional, keywords, at: position)
            return
        default: break
        }
        if let signature = calls.signatures[name] {
            switch signature.role {
            case .constructor:
                throw LanguageError("\(name)(...) makes a value for an argument (as in bias_initializer: constant(0.1)); "
                                    + "alone it does nothing", position)
            case .statement(let kind):
                guard kind == cell.kind else {
                    throw LanguageError("\(name)(...) belongs in a \(kind.rawValue) cell, not a \(cell.kind.rawValue) cell", position)
                }
                let arguments = try checkedArguments(signature, positional, keywords, at: position)
                let call = stepCall(name, arguments, at: position, in: cell)
                record.calls.append(call)
                try perform(call, performer: performer, record: &record)
                return
            }
        }
        if Builtins.arity[name] != nil || globals[name] != nil {
            throw LanguageError("\(name)(...) computes a value that nothing uses; a statement is a call of this step ("
                                + calls.statements(of: cell.kind).joined(separator: ", ") + ") or NAME = value", position)
        }
        if cell.kind == .setup {
            let hint = calls.setupSettings[name] != nil ? "; write \(name) = value" : ""
            throw LanguageError("a setup cell holds only seed = ..., threads = ... and result_dir = ...\(hint)", position)
        }
        let noun = cell.kind == .model ? "layer" : "statement"
        let candidates = calls.statements(of: cell.kind)
        throw LanguageError("unknown \(noun) '\(name)'" + Suggestion.hint(for: name, among: candidates, otherwise:
                            "a \(cell.kind.rawValue) cell accepts " + candidates.joined(separator: ", ")), position)
    }

    private func stepCall(_ name: String, _ arguments: [String: Value], at position: SourcePosition, in cell: Cell) -> StepCall {
        let (line, column) = cell.fileLocation(line: position.line, column: position.column)
        return StepCall(name: name, arguments: arguments, step: cell.kind, cellIndex: cell.index,
                        file: cell.file, line: line, column: column, sourceLine: cell.fileText(bodyLine: position.line) ?? "")
    }

    private func perform(_ call: StepCall, performer: StepPerformer, record: inout CellRun) throws {
        let bindings: [String: Value]
        do {
            bindings = try performer.perform(call, in: self)
        } catch let error as LessonError {
            throw error
        } catch let error as LanguageError {
            throw error
        } catch let error as Interruption {
            throw error
        } catch {
            throw call.error("\(call.name) failed: \(error)")
        }
        for name in bindings.keys.sorted() {
            if let value = bindings[name] {
                uncount(name)
                globals[name] = value
                record.namesBound.append(name)
            }
        }
    }
}
