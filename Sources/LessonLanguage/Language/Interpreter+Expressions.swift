/// Evaluation of expressions: names, operators, containers and calls of built-ins,
/// constructors and cell-defined functions.
public extension Interpreter {
    // Debug builds give every pattern binding and string interpolation of a function its
    // own stack slot, so `evaluate` only dispatches, and error messages are built in
    // separate functions: this keeps a level of nesting to a few hundred bytes.

    public func evaluate(_ expression: Expression, locals: [String: Value] = [:]) throws -> Value {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Interpreter.maximumDepth else { throw tooDeep(expression) }
        switch expression {
        case .integer, .float, .boolean: return literal(expression)
        case .string: return try checkedString(expression)
        case .name: return try evaluateName(expression, locals)
        case .unary: return try evaluateUnary(expression, locals)
        case .binary: return try evaluateBinary(expression, locals)
        case .tuple, .list: return try evaluateContainer(expression, locals)
        case .call: return try evaluateCall(expression, locals)
        }
    }

    public func tooDeep(_ expression: Expression) -> LanguageError {
        LanguageError("evaluation is nested more than \(Interpreter.maximumDepth) levels deep "
                      + "(a function that calls itself without end, or a very long chain of operators)", expression.start)
    }

    public func literal(_ expression: Expression) -> Value {
        switch expression {
        case .integer(let v, _): return .int(v)
        case .float(let v, _): return .double(v)
        case .string(let s, _): return .string(s)
        case .boolean(let b, _): return .bool(b)
        default: return .unknown
        }
    }

    public func evaluateName(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .name(let name, let position) = expression else { return .unknown }
        return try lookUp(name, locals: locals, at: position)
    }

    public func evaluateUnary(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .unary(let op, let operand, let position) = expression else { return .unknown }
        return try Operators.unary(op, try evaluate(operand, locals: locals), at: position)
    }

    public func evaluateBinary(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .binary(let op, let left, let right, let position) = expression else { return .unknown }
        if op == "and" || op == "or" { return try logic(op, left, right, locals: locals) }
        let a = try evaluate(left, locals: locals)
        // While the right operand is computed, a left one that was built for this
        // expression still takes memory: it counts against the lesson's limit.
        let sizeA = measure(a)
        let heldA = temporaryBytes(a, sizeA, of: left)
        heldBytes += heldA
        defer { heldBytes -= heldA }
        let b = try evaluate(right, locals: locals)
        if op == "+" { try checkConcatenation(a, sizeA, b, right, expression) }
        return try Operators.binary(op, a, b, at: position)
    }

    public func evaluateContainer(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        switch expression {
        case .tuple(let items, _):
            let (values, held) = try evaluateHeld(items, locals, container: expression)
            heldBytes -= held
            return .tuple(values)
        case .list(let items, _):
            let (values, held) = try evaluateHeld(items, locals, container: expression)
            heldBytes -= held
            return .list(values)
        default: return .unknown
        }
    }

    /// Evaluates `expressions` in order, each one's temporary bytes added to
    /// `heldBytes` as it is made (so the next ones are measured with it), and returns
    /// the values with the bytes the caller must release from `heldBytes` when it is
    /// done with them. For a list or tuple literal (`container`), its size and nesting
    /// are checked item by item, before the next item is built.
    public func evaluateHeld(_ expressions: [Expression], _ locals: [String: Value],
                      container: Expression? = nil) throws -> (values: [Value], held: Int) {
        if let container { try checkItems(expressions.count, container) }
        var values: [Value] = []
        values.reserveCapacity(expressions.count)
        var held = 0, bytes = ValueSize.slot, nesting = 0
        do {
            for expression in expressions {
                let value = try evaluate(expression, locals: locals)
                values.append(value)
                if ValueSize.isScalar(value) {
                    bytes += ValueSize.slot
                } else {
                    let size = measure(value)
                    let temporary = temporaryBytes(value, size, of: expression)
                    held += temporary
                    heldBytes += temporary
                    bytes += size.bytes
                    nesting = max(nesting, size.nesting)
                }
                guard let container else { continue }
                try checkNesting(nesting + 1, container)
                // What is held includes this list's own items so far; count them once.
                try reserve(bytes, for: container, holding: heldBytes - held)
            }
        } catch {
            heldBytes -= held
            throw error
        }
        return (values, held)
    }

    /// `and`/`or` on booleans, short-circuiting as Python does.
    public func logic(_ op: String, _ left: Expression, _ right: Expression, locals: [String: Value]) throws -> Value {
        let a = try evaluate(left, locals: locals)
        guard a == .unknown || a.bool != nil else { throw notBoolean(op, "left", a, left) }
        if let known = a.bool, known == (op == "or") { return .bool(known) }
        let b = try evaluate(right, locals: locals)
        guard b == .unknown || b.bool != nil else { throw notBoolean(op, "right", b, right) }
        if a == .unknown || b == .unknown { return .unknown }
        return b
    }

    public func notBoolean(_ op: String, _ side: String, _ value: Value, _ expression: Expression) -> LanguageError {
        LanguageError("'\(op)' needs true or false on its \(side), got \(value.typeDescription) "
                      + ValueFormatter.excerpt(value), expression.start)
    }

    public func lookUp(_ name: String, locals: [String: Value], at position: SourcePosition) throws -> Value {
        if let value = locals[name] { return value }
        if let value = globals[name] {
            namesRead.insert(name)
            return value
        }
        if let value = Builtins.constants[name] { return value }
        if Builtins.arity[name] != nil { return .function(LessonFunction(name: name, body: .builtin)) }
        throw unknownName(name, locals: locals, at: position)
    }

    public func unknownName(_ name: String, locals: [String: Value], at position: SourcePosition) -> LanguageError {
        if calls.signatures[name] != nil || calls.interpreterStatements[name] != nil {
            return LanguageError("'\(name)' is a call; write \(name)(...)", position)
        }
        let candidates = Array(locals.keys) + Array(globals.keys) + Array(Builtins.constants.keys) + Builtins.functionNames
        return LanguageError("unknown name '\(name)'" + Suggestion.hint(for: name, among: candidates), position)
    }

    public func evaluateCall(_ expression: Expression, _ locals: [String: Value]) throws -> Value {
        guard case .call(let name, let positional, let keywords, let position) = expression else { return .unknown }
        if let signature = calls.signatures[name] {
            guard signature.role == .constructor else { throw notAValue(name, position) }
            return .object(StepObject(name: name, arguments: try checkedArguments(signature, positional, keywords,
                                                                                  at: position, locals: locals)))
        }
        if calls.interpreterStatements[name] != nil { throw notAValue(name, position) }
        let function = try resolveFunction(name, locals: locals, at: position)
        if let keyword = keywords.first { throw keywordsNotTaken(name, keyword) }
        // Arguments built for the call take memory until it returns.
        let (arguments, held) = try evaluateHeld(positional, locals)
        defer { heldBytes -= held }
        return try call(function, arguments, positional.map(\.start), at: position)
    }

    public func resolveFunction(_ name: String, locals: [String: Value], at position: SourcePosition) throws -> LessonFunction {
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

    public func notAValue(_ name: String, _ position: SourcePosition) -> LanguageError {
        if let kind = calls.stepKind(of: name), calls.signatures[name] != nil {
            return LanguageError("\(name)(...) is a statement of a \(kind.rawValue) cell; it has no value", position)
        }
        return LanguageError("\(name)(...) is a statement; it has no value", position)
    }

    public func keywordsNotTaken(_ name: String, _ keyword: KeywordArgument) -> LanguageError {
        LanguageError("\(name) takes no keyword arguments ('\(keyword.name):')", keyword.position)
    }

    public func unknownFunction(_ name: String, at position: SourcePosition) -> LanguageError {
        let candidates = Builtins.functionNames + ["rand"]
            + calls.signatures.values.filter { $0.role == .constructor }.map(\.name)
            + globals.filter { if case .function = $0.value { return true } else { return false } }.map(\.key)
        return LanguageError("unknown function '\(name)'" + Suggestion.hint(for: name, among: candidates), position)
    }

    public func call(_ function: LessonFunction, _ arguments: [Value], _ positions: [SourcePosition],
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

    public func callBuiltin(_ name: String, _ arguments: [Value], _ positions: [SourcePosition],
                             at position: SourcePosition) throws -> Value {
        guard let arity = Builtins.arity[name] else { throw unknownFunction(name, at: position) }
        guard arity.contains(arguments.count) else { throw wrongArity(name, arity, arguments.count, position) }
        if name == "rand" {
            guard let draw = random else { return .unknown }
            return .double(draw())
        }
        return try Builtins.call(name, arguments, positions)
    }

    public func recursionTooDeep(_ name: String, _ position: SourcePosition) -> LanguageError {
        LanguageError("calls of \(name) nest more than \(Interpreter.maximumCallDepth) deep; "
                      + "does a function call itself?", position)
    }

    public func wrongArity(_ name: String, _ arity: ClosedRange<Int>, _ given: Int, _ position: SourcePosition) -> LanguageError {
        let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)"
            : arity.upperBound == Int.max ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) or \(arity.upperBound)"
        let noun = arity.upperBound == 1 && arity.lowerBound == 1 ? "argument" : "arguments"
        return LanguageError("\(name) takes \(expected) \(noun), got \(given)", position)
    }

}
