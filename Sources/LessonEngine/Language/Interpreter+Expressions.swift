/// Evaluation of expressions: names, operators, containers and calls of built-ins,
/// constructors and cell-defined functions.
extension Interpreter {
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

    func tooDeep(_ expression: Expression) -> LanguageError {
        LanguageError("evaluation is nested more than \(Interpreter.maximumDepth) levels deep "
                      + "(a function that calls itself without end, or a very long chain of operators)", expression.start)
    }

    func literal(_ expression: Expression) -> Value {
        switch expression {
        case .integer(let v, _): return .int(v)
        case .float(let v, _): return .double(v)
        case .string(let s, _): return .string(s)
        case .boolean(let b, _): return .bool(b)
        default: return .unknown
        }
    }

    func evaluateName(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .name(let name, let position) = expression else { return .unknown }
        return try lookUp(name, locals: locals, at: position)
    }

    func evaluateUnary(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .unary(let op, let operand, let position) = expression else { return .unknown }
        return try Operators.unary(op, try evaluate(operand, locals: locals), at: position)
    }

    func evaluateBinary(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .binary(let op, let left, let right, let position) = expression else { return .unknown }
        if op == "and" || op == "or" { return try logic(op, left, right, locals: locals) }
        let a = try evaluate(left, locals: locals)
        let b = try evaluate(right, locals: locals)
        return try Operators.binary(op, a, b, at: position)
    }

    func evaluateContainer(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        switch expression {
        case .tuple(let items, _): return .tuple(try evaluateAll(items, locals))
        case .list(let items, _): return .list(try evaluateAll(items, locals))
        default: return .unknown
        }
    }

    func evaluateAll(_ expressions: [Expression], _ locals: [String: Value]) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(expressions.count)
        for expression in expressions { values.append(try evaluate(expression, locals: locals)) }
        return values
    }

    /// `and`/`or` on booleans, short-circuiting as Python does.
    func logic(_ op: String, _ left: Expression, _ right: Expression, locals: [String: Value]) throws -> Value {
        let a = try evaluate(left, locals: locals)
        guard a == .unknown || a.bool != nil else { throw notBoolean(op, "left", a, left) }
        if let known = a.bool, known == (op == "or") { return .bool(known) }
        let b = try evaluate(right, locals: locals)
        guard b == .unknown || b.bool != nil else { throw notBoolean(op, "right", b, right) }
        if a == .unknown || b == .unknown { return .unknown }
        return b
    }

    func notBoolean(_ op: String, _ side: String, _ value: Value, _ expression: Expression) -> LanguageError {
        LanguageError("'\(op)' needs true or false on its \(side), got \(value.typeDescription) "
                      + ValueFormatter.representation(value), expression.start)
    }

    func lookUp(_ name: String, locals: [String: Value], at position: SourcePosition) throws -> Value {
        if let value = locals[name] { return value }
        if let value = globals[name] {
            namesRead.insert(name)
            return value
        }
        if let value = Builtins.constants[name] { return value }
        if Builtins.arity[name] != nil { return .function(LessonFunction(name: name, body: .builtin)) }
        throw unknownName(name, locals: locals, at: position)
    }

    func unknownName(_ name: String, locals: [String: Value], at position: SourcePosition) -> LanguageError {
        if Vocabulary.signatures[name] != nil || Vocabulary.interpreterStatements[name] != nil {
            return LanguageError("'\(name)' is a call; write \(name)(...)", position)
        }
        let candidates = Array(locals.keys) + Array(globals.keys) + Array(Builtins.constants.keys) + Builtins.functionNames
        return LanguageError("unknown name '\(name)'" + Suggestion.hint(for: name, among: candidates), position)
    }

    func evaluateCall(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .call(let name, let positional, let keywords, let position) = expression else { return .unknown }
        if let signature = Vocabulary.signatures[name] {
            guard signature.role == .constructor else { throw notAValue(name, position) }
            return .object(StepObject(name: name, arguments: try checkedArguments(signature, positional, keywords,
                                                                                  at: position, locals: locals)))
        }
        if Vocabulary.interpreterStatements[name] != nil { throw notAValue(name, position) }
        let function = try resolveFunction(name, locals: locals, at: position)
        if let keyword = keywords.first { throw keywordsNotTaken(name, keyword) }
        let arguments = try evaluateAll(positional, locals)
        return try call(function, arguments, positional.map(\.start), at: position)
    }

    func resolveFunction(_ name: String, locals: [String: Value], at position: SourcePosition) throws -> LessonFunction {
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

    func notAValue(_ name: String, _ position: SourcePosition) -> LanguageError {
        if let kind = Vocabulary.stepKind(of: name), Vocabulary.signatures[name] != nil {
            return LanguageError("\(name)(...) is a statement of a \(kind.rawValue) cell; it has no value", position)
        }
        return LanguageError("\(name)(...) is a statement; it has no value", position)
    }

    func keywordsNotTaken(_ name: String, _ keyword: KeywordArgument) -> LanguageError {
        LanguageError("\(name) takes no keyword arguments ('\(keyword.name):')", keyword.position)
    }

    func unknownFunction(_ name: String, at position: SourcePosition) -> LanguageError {
        let candidates = Builtins.functionNames + ["rand"]
            + Vocabulary.signatures.values.filter { $0.role == .constructor }.map(\.name)
            + globals.filter { if case .function = $0.value { return true } else { return false } }.map(\.key)
        return LanguageError("unknown function '\(name)'" + Suggestion.hint(for: name, among: candidates), position)
    }

    func call(_ function: LessonFunction, _ arguments: [Value], _ positions: [SourcePosition],
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

    func callBuiltin(_ name: String, _ arguments: [Value], _ positions: [SourcePosition],
                             at position: SourcePosition) throws -> Value {
        guard let arity = Builtins.arity[name] else { throw unknownFunction(name, at: position) }
        guard arity.contains(arguments.count) else { throw wrongArity(name, arity, arguments.count, position) }
        if name == "rand" {
            guard let draw = random else { return .unknown }
            return .double(draw())
        }
        return try Builtins.call(name, arguments, positions)
    }

    func recursionTooDeep(_ name: String, _ position: SourcePosition) -> LanguageError {
        LanguageError("calls of \(name) nest more than \(Interpreter.maximumCallDepth) deep; "
                      + "does a function call itself?", position)
    }

    func wrongArity(_ name: String, _ arity: ClosedRange<Int>, _ given: Int, _ position: SourcePosition) -> LanguageError {
        let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)"
            : arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)"
        let noun = arity.upperBound == 1 && arity.lowerBound == 1 ? "argument" : "arguments"
        return LanguageError("\(name) takes \(expected) \(noun), got \(given)", position)
    }

}
