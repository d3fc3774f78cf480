/// Keeping values within `ValueLimits`: every string, list or tuple the cell language
/// builds is measured from its operands before it is built, and the lesson's running
/// total is kept per bound name.
///
/// The total (`liveBytes`) counts the values assignments bound (`NAME = ...` and the
/// setup cell's settings, or what `--set` gave instead), each by `ValueSize`, the old
/// value of a name rebound taken off. Values steps bind and the globals the
/// interpreter was made with are not counted (see
/// `ValueLimits`). While a statement is evaluated, the temporaries it holds (the
/// left operand of `+` while the right one is computed, the items of a list so far)
/// count too (`heldBytes`), so a statement cannot build a hundred lists of 100 MB
/// before the one that holds them is refused.
public extension Interpreter {
    /// The size of `value`, walked no further than the lesson's limit needs.
    public func measure(_ value: Value) -> ValueSize {
        ValueSize.of(value, upTo: limits.lessonBytes)
    }

    /// What evaluating `expression` to `value` added to memory: nothing when the
    /// expression names a value that is bound already (or is a number).
    public func temporaryBytes(_ value: Value, _ size: ValueSize, of expression: Expression) -> Int {
        if case .name = expression { return 0 }
        return ValueSize.isScalar(value) ? 0 : size.bytes
    }

    /// A string literal of the lesson, within the string limit.
    public func checkedString(_ expression: Expression) throws -> Value {
        guard case .string(let s, let position) = expression else { return .unknown }
        let bytes = s.utf8.count
        guard bytes <= limits.stringBytes else {
            throw LanguageError("this string is \(ByteCount.binary(bytes)); " + stringLimit, position)
        }
        return .string(s)
    }

    /// Refuses `a + b` (strings, lists or tuples) whose result would pass a limit,
    /// before it is built; `sizeA` is `a`'s size (counted in `heldBytes` already when
    /// `a` is a temporary), `right` the expression `b` came from.
    public func checkConcatenation(_ a: Value, _ sizeA: ValueSize, _ b: Value, _ right: Expression, _ expression: Expression) throws {
        guard !ValueSize.isScalar(a), !ValueSize.isScalar(b) else { return }
        let sizeB = measure(b)
        let held = heldBytes + temporaryBytes(b, sizeB, of: right)
        switch (a, b) {
        case (.string(let x), .string(let y)):
            let bytes = x.utf8.count + y.utf8.count
            guard bytes <= limits.stringBytes else {
                throw LanguageError(described(expression) + " makes a string of \(ByteCount.binary(bytes)); " + stringLimit,
                                    expression.start)
            }
            try reserve(ValueSize.slot + bytes, for: expression, holding: held)
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            try checkItems(x.count + y.count, expression)
            try reserve(sizeA.bytes + sizeB.bytes - ValueSize.slot, for: expression, holding: held)
        default:
            return
        }
    }

    /// Refuses a list or tuple of `count` items past the list limit.
    public func checkItems(_ count: Int, _ expression: Expression) throws {
        guard count <= limits.listItems else {
            let noun = if case .tuple = expression { "tuple" } else { "list" }
            throw LanguageError(described(expression) + " makes a \(noun) of \(ByteCount.grouped(count)) items; a list or tuple "
                                + "of the cell language holds at most \(ByteCount.grouped(limits.listItems)) ("
                                + ValueLimits.advice + ")", expression.start)
        }
    }

    /// Refuses a list or tuple literal nested past the nesting limit.
    public func checkNesting(_ nesting: Int, _ expression: Expression) throws {
        guard nesting <= limits.nesting else {
            throw LanguageError(described(expression) + " nests lists \(nesting) deep; lists and tuples of the cell language "
                                + "nest at most \(limits.nesting) deep", expression.start)
        }
    }

    /// Refuses a new value of `bytes` that would bring the lesson's values, with the
    /// `held` temporaries, past the lesson's limit.
    public func reserve(_ bytes: Int, for expression: Expression, holding held: Int) throws {
        let total = liveBytes + held + bytes
        guard total <= limits.lessonBytes else { throw overLessonLimit(expression) }
    }

    /// Counts `value` as what `name` holds now, in place of what it held before.
    public func account(_ name: String, _ value: Value, assigned expression: Expression) throws {
        let bytes = measure(value).bytes
        let total = liveBytes - (boundBytes[name] ?? 0) + bytes
        guard total <= limits.lessonBytes else { throw overLessonLimit(expression) }
        boundBytes[name] = bytes
        liveBytes = total
    }

    /// `name` no longer holds a counted value (a step or the runner bound it).
    public func uncount(_ name: String) {
        if let bytes = boundBytes.removeValue(forKey: name) { liveBytes -= bytes }
    }

    /// (Only "past": sizes are walked no further than the limit.)
    private func overLessonLimit(_ expression: Expression) -> LanguageError {
        LanguageError(described(expression) + " would bring the values the lesson holds past "
                      + "\(ByteCount.binary(limits.lessonBytes)), the most the cell language holds for a lesson "
                      + "(\(ValueLimits.advice))", expression.start)
    }

    private var stringLimit: String {
        "a string of the cell language holds at most \(ByteCount.binary(limits.stringBytes)) (\(ValueLimits.advice))"
    }

    /// The expression as a message quotes it, `NAME = ` before it when it is the whole
    /// of the assignment being run: `S21 = S20 + S20`.
    private func described(_ expression: Expression) -> String {
        let text = ValueFormatter.excerpt(text: expression.text)
        if let (name, assigned) = assigning, assigned == expression { return "\(name) = \(text)" }
        return text
    }
}
