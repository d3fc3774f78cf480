/// An expression of the cell language with the body position where it starts.
indirect enum Expression: Equatable, Sendable {
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

    var position: SourcePosition {
        switch self {
        case .integer(_, let p), .float(_, let p), .string(_, let p), .boolean(_, let p), .name(_, let p),
             .unary(_, _, let p), .binary(_, _, _, let p), .call(_, _, _, let p), .tuple(_, let p), .list(_, let p):
            return p
        }
    }

    /// Where the expression's text starts (the left operand of a binary expression).
    var start: SourcePosition {
        if case .binary(_, let left, _, _) = self { return left.start }
        return position
    }

    /// Whether the expression is a literal number, string or boolean.
    var isLiteral: Bool {
        switch self {
        case .integer, .float, .string, .boolean: return true
        case .unary(_, let operand, _): return operand.isLiteral
        default: return false
        }
    }

    /// The expression written back as source, fully parenthesised only where needed,
    /// for messages such as `expect(rmse < 0.05) failed`.
    var text: String {
        switch self {
        case .integer(let v, _): return String(v)
        case .float(let v, _): return ValueFormatter.format(double: v)
        case .string(let s, _): return ValueFormatter.quoted(s)
        case .boolean(let b, _): return b ? "true" : "false"
        case .name(let n, _): return n
        case .unary(let op, let e, _): return op == "not" ? "not \(e.text)" : op + e.text
        case .binary(let op, let l, let r, _):
            func side(_ e: Expression) -> String {
                if case .binary = e { return "(\(e.text))" }
                return e.text
            }
            return "\(side(l)) \(op) \(side(r))"
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
struct KeywordArgument: Equatable, Sendable {
    var name: String
    var value: Expression
    var position: SourcePosition
}

/// One statement of a cell body.
enum Statement: Equatable {
    /// `NAME = expr`: binds a global visible to later cells.
    case assignment(name: String, value: Expression, position: SourcePosition)
    /// `f(x) = expr`: a one-variable function; globals are read when it is called.
    case function(name: String, parameter: String, body: Expression, position: SourcePosition)
    /// A call statement: acts on the cell's step (or `print`, `expect`).
    case call(Expression)

    var position: SourcePosition {
        switch self {
        case .assignment(_, _, let p), .function(_, _, _, let p): return p
        case .call(let e): return e.position
        }
    }
}
