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

    /// Deepest evaluation (nested expressions plus function calls) before an error.
    /// A level costs about 1.6 KB of stack in a debug build (6 KB through a function
    /// call), so with `maximumCallDepth` the worst case stays under 512 KB, the
    /// smallest thread stack a runner might use (StackDepthTests checks this).
    static let maximumDepth = 200
    /// Deepest nesting of calls to cell-defined functions. The language has no
    /// conditionals, so deeper nesting is almost surely a function calling itself.
    static let maximumCallDepth = 50

    private var depth = 0
    private var callDepth = 0
    private var namesRead: Set<String> = []
    private var running: Cell?

    public init(globals: [String: Value] = [:], random: (() -> Double)?, output: @escaping (String) -> Void) {
        self.globals = globals
        self.random = random
        self.output = output
    }

    /// Binds a global from outside a cell: a runner that loads a fresh cell's kept
    /// results instead of running it binds what that cell had bound.
    public func bind(_ name: String, _ value: Value) {
        globals[name] = value
    }

    /// Names a lesson cannot rebind: built-ins, vocabulary calls and `rand`.
    static var reservedNames: Set<String> {
        Set(Builtins.functionNames).union(Builtins.constants.keys).union(Vocabulary.signatures.keys)
            .union(Vocabulary.interpreterStatements.keys)
    }

    // MARK: - Cells

    /// Runs every statement of `cell` in order, handing its step calls to `performer`.
    public func run(_ cell: Cell, performer: StepPerformer) throws -> CellRun {
        running = cell
        namesRead = []
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
            throw call.error("\(name)(\(ValueFormatter.representation(x))) is \(ValueFormatter.representation(result)), "
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
            throw call.error("\(ValueFormatter.representation(function)) is not a function")
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
    static func locate(_ error: LanguageError, in cell: Cell) -> LessonError {
        let (line, column) = cell.fileLocation(line: error.position.line, column: error.position.column)
        return LessonError(error.message, file: cell.file, line: line, column: column, step: cell.kind,
                           sourceLine: cell.fileText(bodyLine: error.position.line), kind: error.kind)
    }

    // MARK: - Statements

    private func execute(_ statement: Statement, in cell: Cell, performer: StepPerformer, record: inout CellRun) throws {
        switch statement {
        case .assignment(let name, let expression, let position):
            if cell.kind == .setup {
                guard let type = Vocabulary.setupSettings[name] else {
                    let names = Vocabulary.setupSettings.keys.sorted()
                    throw LanguageError("a setup cell sets only " + names.joined(separator: ", ") + "; '\(name)' is not one of them"
                                        + Suggestion.hint(for: name, among: names), position)
                }
                let computed = try evaluate(expression)
                let value = overrides[name] ?? computed
                let checked: Value
                switch type.check(value) {
                case .success(let v): checked = v
                case .failure(let problem):
                    let source = overrides[name] == nil ? "" : " (from --set)"
                    throw LanguageError("\(name)\(source) \(problem.message)", expression.start)
                }
                if overrides[name] != nil { record.overridesApplied.append(name) }
                globals[name] = checked
                record.namesBound.append(name)
                let call = stepCall(name, ["value": checked], at: position, in: cell)
                record.calls.append(call)
                try perform(call, performer: performer, record: &record)
                return
            }
            try checkBindable(name, at: position)
            if Vocabulary.setupSettings[name] != nil {
                throw LanguageError("'\(name)' is a setting of the setup cell; set it there", position)
            }
            let value = try evaluate(expression)
            if value == .none {
                throw LanguageError("'\(expression.text)' has no value to bind to \(name)", expression.start)
            }
            if let override = overrides[name] {
                globals[name] = override
                record.overridesApplied.append(name)
            } else {
                globals[name] = value
            }
            record.namesBound.append(name)
        case .function(let name, let parameter, let body, let position):
            guard cell.kind != .setup else {
                throw LanguageError("a setup cell sets only seed, threads and result_dir; define functions in a constants or data cell", position)
            }
            try checkBindable(name, at: position)
            globals[name] = .function(LessonFunction(name: name, body: .user(UserFunction(parameter: parameter, body: body, cell: cell))))
            record.namesBound.append(name)
        case .call(let expression):
            guard case .call(let name, let positional, let keywords, let position) = expression else { return }
            try executeCall(name, positional, keywords, at: position, in: cell, performer: performer, record: &record)
        }
    }

    private func checkBindable(_ name: String, at position: SourcePosition) throws {
        if Interpreter.reservedNames.contains(name) {
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
        if let signature = Vocabulary.signatures[name] {
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
                                + Vocabulary.statements(of: cell.kind).joined(separator: ", ") + ") or NAME = value", position)
        }
        if cell.kind == .setup {
            let hint = Vocabulary.setupSettings[name] != nil ? "; write \(name) = value" : ""
            throw LanguageError("a setup cell holds only seed = ..., threads = ... and result_dir = ...\(hint)", position)
        }
        let noun = cell.kind == .model ? "layer" : "statement"
        let candidates = Vocabulary.statements(of: cell.kind)
        throw LanguageError("unknown \(noun) '\(name)'" + Suggestion.hint(for: name, among: candidates)
                            + "; a \(cell.kind.rawValue) cell accepts " + candidates.joined(separator: ", "), position)
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
        } catch {
            throw call.error("\(call.name) failed: \(error)")
        }
        for name in bindings.keys.sorted() {
            if let value = bindings[name] {
                globals[name] = value
                record.namesBound.append(name)
            }
        }
    }

    // MARK: - print and expect

    /// `print(a, b, ...)` writes the values separated by spaces; `print(values, first: N)`
    /// writes the first N elements of a list, one a line.
    private func print(_ positional: [Expression], _ keywords: [KeywordArgument], at position: SourcePosition) throws {
        let values = try positional.map { try evaluate($0) }
        var first: Int?
        for keyword in keywords {
            guard keyword.name == "first" else {
                throw LanguageError("print has no argument '\(keyword.name)'" + Suggestion.hint(for: keyword.name, among: ["first"])
                                    + "; it takes values and first:", keyword.position)
            }
            let value = try evaluate(keyword.value)
            if value == .unknown { return }
            guard let n = value.wholeNumber, n >= 1 else {
                throw LanguageError("first must be a positive whole number, got \(ValueFormatter.representation(value))", keyword.value.start)
            }
            first = n
        }
        guard let count = first else {
            output(values.map(ValueFormatter.format).joined(separator: " "))
            return
        }
        guard values.count == 1, positional.count == 1 else {
            throw LanguageError("print(values, first: N) takes exactly one list", position)
        }
        if values[0] == .unknown { return }
        guard let items = values[0].elements else {
            throw LanguageError("print(..., first: N) needs a list, got \(values[0].typeDescription)", positional[0].start)
        }
        for item in items.prefix(count) { output(ValueFormatter.format(item)) }
    }

    /// `expect(condition)`: a false condition fails the run and shows the values of the
    /// condition's parts: `expect(rmse < 0.05) failed: rmse = 0.131`.
    private func expect(_ positional: [Expression], _ keywords: [KeywordArgument], at position: SourcePosition) throws {
        guard positional.count == 1, keywords.isEmpty else {
            throw LanguageError("expect takes one condition, as in expect(rmse < 0.05)", position)
        }
        let condition = positional[0]
        let value = try evaluate(condition)
        if value == .unknown { return }
        guard let holds = value.bool else {
            throw LanguageError("expect needs a condition (true or false), got \(value.typeDescription) "
                                + ValueFormatter.representation(value), condition.start)
        }
        guard !holds else { return }
        var parts: [String] = []
        try explain(condition, into: &parts)
        let details = parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")
        throw LanguageError("expect(\(condition.text)) failed\(details)", condition.start, kind: .failedRun)
    }

    /// `text = value` for each non-literal operand of the comparisons and logic in `e`.
    private func explain(_ e: Expression, into parts: inout [String]) throws {
        switch e {
        case .binary(let op, let left, let right, _) where ["<", "<=", ">", ">=", "==", "!=", "and", "or"].contains(op):
            try explain(left, into: &parts)
            try explain(right, into: &parts)
        case .unary("not", let operand, _):
            try explain(operand, into: &parts)
        default:
            guard !e.isLiteral else { return }
            let line = "\(e.text) = \(ValueFormatter.representation(try evaluate(e)))"
            if !parts.contains(line) { parts.append(line) }
        }
    }

    // MARK: - Expressions
    //
    // Debug builds give every pattern binding and string interpolation of a function its
    // own stack slot, so `evaluate` only dispatches, and error messages are built in
    // separate functions: this keeps a level of nesting to a few hundred bytes.

    func evaluate(_ expression: Expression, locals: [String: Value] = [:]) throws -> Value {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Interpreter.maximumDepth else { throw tooDeep(expression) }
        switch expression {
        case .integer, .float, .string, .boolean: return literal(expression)
        case .name: return try evaluateName(expression, locals)
        case .unary: return try evaluateUnary(expression, locals)
        case .binary: return try evaluateBinary(expression, locals)
        case .tuple, .list: return try evaluateContainer(expression, locals)
        case .call: return try evaluateCall(expression, locals)
        }
    }

    private func tooDeep(_ expression: Expression) -> LanguageError {
        LanguageError("evaluation is nested more than \(Interpreter.maximumDepth) levels deep "
                      + "(a function that calls itself without end, or a very long chain of operators)", expression.start)
    }

    private func literal(_ expression: Expression) -> Value {
        switch expression {
        case .integer(let v, _): return .int(v)
        case .float(let v, _): return .double(v)
        case .string(let s, _): return .string(s)
        case .boolean(let b, _): return .bool(b)
        default: return .unknown
        }
    }

    private func evaluateName(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .name(let name, let position) = expression else { return .unknown }
        return try lookUp(name, locals: locals, at: position)
    }

    private func evaluateUnary(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .unary(let op, let operand, let position) = expression else { return .unknown }
        return try Operators.unary(op, try evaluate(operand, locals: locals), at: position)
    }

    private func evaluateBinary(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .binary(let op, let left, let right, let position) = expression else { return .unknown }
        if op == "and" || op == "or" { return try logic(op, left, right, locals: locals) }
        let a = try evaluate(left, locals: locals)
        let b = try evaluate(right, locals: locals)
        return try Operators.binary(op, a, b, at: position)
    }

    private func evaluateContainer(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        switch expression {
        case .tuple(let items, _): return .tuple(try evaluateAll(items, locals))
        case .list(let items, _): return .list(try evaluateAll(items, locals))
        default: return .unknown
        }
    }

    private func evaluateAll(_ expressions: [Expression], _ locals: [String: Value]) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(expressions.count)
        for expression in expressions { values.append(try evaluate(expression, locals: locals)) }
        return values
    }

    /// `and`/`or` on booleans, short-circuiting as Python does.
    private func logic(_ op: String, _ left: Expression, _ right: Expression, locals: [String: Value]) throws -> Value {
        let a = try evaluate(left, locals: locals)
        guard a == .unknown || a.bool != nil else { throw notBoolean(op, "left", a, left) }
        if let known = a.bool, known == (op == "or") { return .bool(known) }
        let b = try evaluate(right, locals: locals)
        guard b == .unknown || b.bool != nil else { throw notBoolean(op, "right", b, right) }
        if a == .unknown || b == .unknown { return .unknown }
        return b
    }

    private func notBoolean(_ op: String, _ side: String, _ value: Value, _ expression: Expression) -> LanguageError {
        LanguageError("'\(op)' needs true or false on its \(side), got \(value.typeDescription) "
                      + ValueFormatter.representation(value), expression.start)
    }

    private func lookUp(_ name: String, locals: [String: Value], at position: SourcePosition) throws -> Value {
        if let value = locals[name] { return value }
        if let value = globals[name] {
            namesRead.insert(name)
            return value
        }
        if let value = Builtins.constants[name] { return value }
        if Builtins.arity[name] != nil { return .function(LessonFunction(name: name, body: .builtin)) }
        throw unknownName(name, locals: locals, at: position)
    }

    private func unknownName(_ name: String, locals: [String: Value], at position: SourcePosition) -> LanguageError {
        if Vocabulary.signatures[name] != nil || Vocabulary.interpreterStatements[name] != nil {
            return LanguageError("'\(name)' is a call; write \(name)(...)", position)
        }
        let candidates = Array(locals.keys) + Array(globals.keys) + Array(Builtins.constants.keys) + Builtins.functionNames
        return LanguageError("unknown name '\(name)'" + Suggestion.hint(for: name, among: candidates), position)
    }

    private func evaluateCall(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .call(let name, let positional, let keywords, let position) = expression else { return .unknown }
        if let signature = Vocabulary.signatures[name] {
            guard signature.role == .constructor else { throw notAValue(name, position) }
            return .object(StepObject(name: name, arguments: try checkedArguments(signature, positional, keywords,
                                                                                  at: position, locals: locals)))
        }
        if Vocabulary.interpreterStatements[name] != nil { throw notAValue(name, position) }
        if name == "rand" {
            guard positional.isEmpty, keywords.isEmpty else { throw LanguageError("rand() takes no arguments", position) }
            guard let draw = random else { return .unknown }
            return .double(draw())
        }
        let function = try resolveFunction(name, locals: locals, at: position)
        if let keyword = keywords.first { throw keywordsNotTaken(name, keyword) }
        let arguments = try evaluateAll(positional, locals)
        return try call(function, arguments, positional.map(\.start), at: position)
    }

    private func resolveFunction(_ name: String, locals: [String: Value], at position: SourcePosition) throws -> LessonFunction {
        if let value = locals[name] ?? globals[name] {
            if locals[name] == nil { namesRead.insert(name) }
            guard case .function(let f) = value else {
                throw LanguageError("'\(name)' is \(value.typeDescription), not a function", position)
            }
            return f
        }
        if Builtins.arity[name] != nil { return LessonFunction(name: name, body: .builtin) }
        throw unknownFunction(name, at: position)
    }

    private func notAValue(_ name: String, _ position: SourcePosition) -> LanguageError {
        if let kind = Vocabulary.stepKind(of: name), Vocabulary.signatures[name] != nil {
            return LanguageError("\(name)(...) is a statement of a \(kind.rawValue) cell; it has no value", position)
        }
        return LanguageError("\(name)(...) is a statement; it has no value", position)
    }

    private func keywordsNotTaken(_ name: String, _ keyword: KeywordArgument) -> LanguageError {
        LanguageError("\(name) takes no keyword arguments ('\(keyword.name):')", keyword.position)
    }

    private func unknownFunction(_ name: String, at position: SourcePosition) -> LanguageError {
        let candidates = Builtins.functionNames + ["rand"]
            + Vocabulary.signatures.values.filter { $0.role == .constructor }.map(\.name)
            + globals.filter { if case .function = $0.value { return true } else { return false } }.map(\.key)
        return LanguageError("unknown function '\(name)'" + Suggestion.hint(for: name, among: candidates), position)
    }

    private func call(_ function: LessonFunction, _ arguments: [Value], _ positions: [SourcePosition],
                      at position: SourcePosition) throws -> Value {
        switch function.body {
        case .builtin:
            return try callBuiltin(function.name, arguments, positions, at: position)
        case .user(let user):
            guard arguments.count == 1 else { throw wrongArity(function.name, 1...1, arguments.count, position) }
            callDepth += 1
            defer { callDepth -= 1 }
            guard callDepth <= Interpreter.maximumCallDepth else { throw recursionTooDeep(function.name, position) }
            do {
                return try evaluate(user.body, locals: [user.parameter: arguments[0]])
            } catch var error as LanguageError {
                if error.cell == nil { error.cell = user.cell }
                throw error
            }
        }
    }

    private func callBuiltin(_ name: String, _ arguments: [Value], _ positions: [SourcePosition],
                             at position: SourcePosition) throws -> Value {
        guard let arity = Builtins.arity[name] else { throw unknownFunction(name, at: position) }
        guard arity.contains(arguments.count) else { throw wrongArity(name, arity, arguments.count, position) }
        if name == "rand" {
            guard let draw = random else { return .unknown }
            return .double(draw())
        }
        return try Builtins.call(name, arguments, positions)
    }

    private func recursionTooDeep(_ name: String, _ position: SourcePosition) -> LanguageError {
        LanguageError("calls of \(name) nest more than \(Interpreter.maximumCallDepth) deep; "
                      + "does a function call itself?", position)
    }

    private func wrongArity(_ name: String, _ arity: ClosedRange<Int>, _ given: Int, _ position: SourcePosition) -> LanguageError {
        let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)"
            : arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)"
        let noun = arity.upperBound == 1 && arity.lowerBound == 1 ? "argument" : "arguments"
        return LanguageError("\(name) takes \(expected) \(noun), got \(given)", position)
    }

    // MARK: - Arguments

    /// Evaluates and checks a call's arguments against its signature: positional ones
    /// fill parameters in order, keywords must exist, types and ranges must hold,
    /// required ones must be there; defaults fill the rest.
    func checkedArguments(_ signature: Vocabulary.Signature, _ positional: [Expression], _ keywords: [KeywordArgument],
                          at position: SourcePosition, locals: [String: Value] = [:]) throws -> [String: Value] {
        let parameters = signature.parameters
        let owner = signature.role == .constructor ? "\(signature.name) " : ""
        if positional.count > parameters.count {
            let extra = positional[parameters.count]
            throw LanguageError(parameters.isEmpty ? "\(signature.name) takes no arguments"
                                : "\(signature.name) takes at most \(parameters.count) positional argument"
                                + (parameters.count == 1 ? "" : "s") + "; name the others, as in \(signature.usage)", extra.start)
        }
        var given: [String: Value] = [:]
        func check(_ parameter: Vocabulary.Parameter, _ expression: Expression) throws {
            let value = try evaluate(expression, locals: locals)
            switch parameter.type.check(value) {
            case .success(let checked): given[parameter.name] = checked
            case .failure(let problem):
                throw LanguageError("\(owner)\(parameter.name) \(problem.message)", expression.start)
            }
        }
        for (parameter, expression) in zip(parameters, positional) {
            try check(parameter, expression)
        }
        for keyword in keywords {
            guard let parameter = parameters.first(where: { $0.name == keyword.name }) else {
                let names = parameters.map(\.name)
                let accepts = names.isEmpty ? "it takes no arguments"
                    : "it takes " + names.map { "\($0):" }.joined(separator: ", ")
                throw LanguageError("\(signature.name) has no argument '\(keyword.name)'"
                                    + Suggestion.hint(for: keyword.name, among: names) + "; " + accepts, keyword.position)
            }
            guard given[parameter.name] == nil else {
                throw LanguageError("argument '\(keyword.name)' is given twice (once by position)", keyword.position)
            }
            try check(parameter, keyword.value)
        }
        if let rule = signature.rule, let problem = rule(given) {
            throw LanguageError(problem, position)
        }
        var arguments = given
        for parameter in parameters where arguments[parameter.name] == nil {
            if parameter.required {
                throw LanguageError("\(signature.name) needs \(parameter.name): (\(parameter.type.phrase))", position)
            }
            if let value = parameter.defaultValue { arguments[parameter.name] = value }
        }
        return arguments
    }
}
