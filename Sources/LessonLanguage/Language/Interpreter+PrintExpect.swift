/// The two statements the interpreter carries out itself: `print` (any cell) and
/// `expect` (validate cells).
public extension Interpreter {
    /// `print(a, b, ...)` writes the values separated by spaces; `print(values, first: N)`
    /// writes the first N elements of a list, one a line.
    public func print(_ positional: [Expression], _ keywords: [KeywordArgument], at position: SourcePosition) throws {
        let values = try positional.map { try evaluate($0) }
        var first: Int?
        for keyword in keywords {
            guard keyword.name == "first" else {
                throw LanguageError("print has no argument '\(keyword.name)'"
                                    + Suggestion.hint(for: keyword.name, among: ["first"], otherwise: "it takes values and first:"),
                                    keyword.position)
            }
            let value = try evaluate(keyword.value)
            if value == .unknown { return }
            guard let n = value.wholeNumber, n >= 1 else {
                throw LanguageError("first must be a positive whole number, got \(ValueFormatter.excerpt(value))", keyword.value.start)
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
    public func expect(_ positional: [Expression], _ keywords: [KeywordArgument], at position: SourcePosition) throws {
        guard positional.count == 1, keywords.isEmpty else {
            throw LanguageError("expect takes one condition, as in expect(rmse < 0.05)", position)
        }
        let condition = positional[0]
        let value = try evaluate(condition)
        if value == .unknown { return }
        guard let holds = value.bool else {
            throw LanguageError("expect needs a condition (true or false), got \(value.typeDescription) "
                                + ValueFormatter.excerpt(value), condition.start)
        }
        guard !holds else { return }
        var parts: [String] = []
        try explain(condition, into: &parts)
        let details = parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")
        throw LanguageError("expect(\(condition.text)) failed\(details)", condition.start, kind: .failedRun)
    }

    /// `text = value` for each non-literal operand of the comparisons and logic in `e`.
    public func explain(_ e: Expression, into parts: inout [String]) throws {
        switch e {
        case .binary(let op, let left, let right, _) where ["<", "<=", ">", ">=", "==", "!=", "and", "or"].contains(op):
            try explain(left, into: &parts)
            try explain(right, into: &parts)
        case .unary("not", let operand, _):
            try explain(operand, into: &parts)
        default:
            guard !e.isLiteral else { return }
            let line = "\(ValueFormatter.excerpt(text: e.text)) = \(ValueFormatter.excerpt(try evaluate(e)))"
            if !parts.contains(line) { parts.append(line) }
        }
    }

}
