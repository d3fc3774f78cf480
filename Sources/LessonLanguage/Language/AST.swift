/// An expression of the cell language with the body position where it starts.
public indirect enum Expression: Equatable, Sendable {
    case integer(Int, SourcePosition)
    case float(Double, SourcePosition)
    case string(String, SourcePosition)
    case boolean(Bool, SourcePosition)
    case name(String, SourcePosition)
    /// `-x`, `+x`, `not x`; the position is the operator's.
    case unary(String, Expression, SourcePosition)
    /// `+ - * / % ** < <= > >= == != and or`; the position is the operator's.
    case binary(String, Expression, Expression, SourcePosition)
    /// `name(positional..., keyword: value...)`; the position is the name's.
    case call(String, [Expression], [KeywordArgument], SourcePosition)
    case tuple([Expression], SourcePosition)
    case list([Expression], SourcePosition)

    public var position: SourcePosition {
        switch self {
        case .integer(_, let p), .float(_, let p), .string(_, let p), .boolean(_, let p), .name(_, let p),
             .unary(_, _, let p), .binary(_, _, _, let p), .call(_, _, _, let p), .tuple(_, let p), .list(_, let p):
            return p
        }
    }

    /// Where the expression's text starts (the left operand of a binary expression).
    public var start: SourcePosition {
        if case .binary(_, let left, _, _) = self { return left.start }
        return position
    }

    /// Whether the expression is a literal number, string or boolean.
    public var isLiteral: Bool {
        switch self {
        case .integer, .float, .string, .boolean: return true
        case .unary(_, let operand, _): return operand.isLiteral
        default: return false
        }
    }

    /// Binding strength, Python's: `or` 1, `and` 2, `not` 3, comparisons 4, `+ -` 5,
    /// `* / %` 6, unary `- +` 7, `**` 8, everything else 9.
    public var precedence: Int {
        switch self {
        case .binary(let op, _, _, _):
            switch op {
            case "or": return 1
            case "and": return 2
            case "+", "-": return 5
            case "*", "/", "%": return 6
            case "**": return 8
            default: return 4
            }
        case .unary(let op, _, _): return op == "not" ? 3 : 7
        default: return 9
        }
    }

    /// The expression written back as source with only the parentheses it needs,
    /// for messages such as `expect(rmse < 0.05) failed`.
    public var text: String {
        switch self {
        case .integer(let v, _): return String(v)
        case .float(let v, _): return ValueFormatter.format(double: v)
        case .string(let s, _): return ValueFormatter.quoted(s)
        case .boolean(let b, _): return b ? "true" : "false"
        case .name(let n, _): return n
        case .unary(let op, let e, _):
            let operand = e.precedence < precedence ? "(\(e.text))" : e.text
            return op == "not" ? "not \(operand)" : op + operand
        case .binary(let op, let l, let r, _):
            // Left-associative operators need parentheses on the right at equal strength;
            // `**` (right-associative) on the left; comparisons do not chain, so on both.
            let p = precedence
            let leftNeeds = l.precedence < p || (l.precedence == p && (op == "**" || p == 4))
            let rightNeeds = r.precedence < p || (r.precedence == p && op != "**")
            return "\(leftNeeds ? "(\(l.text))" : l.text) \(op) \(rightNeeds ? "(\(r.text))" : r.text)"
        case .call(let name, let positional, let keywords, _):
            let args = positional.map(\.text) + keywords.map { "\($0.name): \($0.value.text)" }
            return "\(name)(\(args.joined(separator: ", ")))"
        case .tuple(let items, _):
            return items.count == 1 ? "(\(items[0].text),)" : "(\(items.map(\.text).joined(separator: ", ")))"
        case .list(let items, _): return "[\(items.map(\.text).joined(separator: ", "))]"
        }
    }
}

/// `name: value` in a call.
public struct KeywordArgument: Equatable, Sendable {
    public var name: String
    public var value: Expression
    public var position: SourcePosition
}

/// One statement of a cell body.
public enum Statement: Equatable {
    /// `NAME = expr`: binds a global visible to later cells.
    case assignment(name: String, value: Expression, position: SourcePosition)
    /// `f(x) = expr`: a one-variable function; globals are read when it is called.
    case function(name: String, parameter: String, body: Expression, position: SourcePosition)
    /// A call statement: acts on the cell's step (or `print`, `expect`).
    case call(Expression)

    public var position: SourcePosition {
        switch self {
        case .assignment(_, _, let p), .function(_, _, _, let p): return p
        case .call(let e): return e.position
        }
    }
}
