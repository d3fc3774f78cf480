/// Parses the tokens of a cell body into statements, with Python's precedence:
///
/// | lowest  | `or` |
/// |         | `and` |
/// |         | `not` |
/// |         | `< <= > >= == !=` (not chained: `a < b < c` is an error) |
/// |         | `+ -` |
/// |         | `* / %` |
/// |         | unary `-` `+` |
/// | highest | `**` (right-associative; `-2**2` is `-(2**2)`, `2**-1` is allowed) |
///
/// One statement a line: `NAME = expr`, `f(x) = expr`, or a call.
public struct Parser {
    /// Deepest nesting of brackets and unary operators accepted, so that a pathological
    /// line cannot exhaust the stack.
    public static let maximumNesting = 32
    /// Most tokens one statement may have (bounds the depth of operator chains).
    public static let maximumStatementTokens = 10_000

    private var tokens: [Token]
    private var index = 0
    private var nesting = 0

    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole cell body.
    public static func parse(_ lines: [String]) throws -> [Statement] {
        var parser = Parser(tokens: try Lexer.tokens(lines))
        return try parser.statements()
    }

    private var current: Token { tokens[min(index, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }
    private func isKeyword(_ keyword: String) -> Bool { current.kind == .keyword(keyword) }

    private mutating func expect(_ symbol: String, _ context: String) throws {
        guard isSymbol(symbol) else {
            throw LanguageError("expected '\(symbol)' \(context), found \(current.shown)", current.position)
        }
        _ = advance()
    }

    public mutating func statements() throws -> [Statement] {
        var result: [Statement] = []
        while current.kind != .end {
            if current.kind == .newline { _ = advance(); continue }
            if let length = tokens[index...].firstIndex(where: { $0.kind == .newline || $0.kind == .end }),
               length - index > Parser.maximumStatementTokens {
                throw LanguageError("statement has more than \(Parser.maximumStatementTokens) tokens; split it up",
                                    current.position)
            }
            result.append(try statement())
            guard current.kind == .newline || current.kind == .end else {
                throw LanguageError("unexpected \(current.shown) after the statement; write one statement a line",
                                    current.position)
            }
        }
        return result
    }

    private mutating func statement() throws -> Statement {
        let start = current.position
        let target = try expression()
        guard isSymbol("=") else {
            guard case .call = target else {
                throw LanguageError("a statement is a call, NAME = value, or f(x) = value; "
                                    + "'\(target.text)' does nothing alone", target.start)
            }
            return .call(target)
        }
        let equals = advance()
        if current.kind == .newline || current.kind == .end {
            throw LanguageError("expected a value after '='", current.position)
        }
        let value = try expression()
        switch target {
        case .name(let name, _):
            return .assignment(name: name, value: value, position: start)
        case .call(let name, let positional, let keywords, _):
            guard keywords.isEmpty, positional.count == 1, case .name(let parameter, _) = positional[0] else {
                throw LanguageError("a function is defined with one parameter name, as in f(x) = sin(x)", start)
            }
            return .function(name: name, parameter: parameter, body: value, position: start)
        default:
            throw LanguageError("cannot assign to '\(target.text)'; the left of '=' is a name or f(x)", equals.position)
        }
    }

    private mutating func nested<T>(_ position: SourcePosition, _ body: (inout Parser) throws -> T) throws -> T {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Parser.maximumNesting else {
            throw LanguageError("expression is nested more than \(Parser.maximumNesting) levels deep; "
                                + "name its parts with NAME = ...", position)
        }
        return try body(&self)
    }

    public mutating func expression() throws -> Expression {
        try nested(current.position) { try $0.or() }
    }

    private mutating func or() throws -> Expression {
        var left = try and()
        while isKeyword("or") {
            let op = advance()
            left = .binary("or", left, try and(), op.position)
        }
        return left
    }

    private mutating func and() throws -> Expression {
        var left = try not()
        while isKeyword("and") {
            let op = advance()
            left = .binary("and", left, try not(), op.position)
        }
        return left
    }

    private mutating func not() throws -> Expression {
        guard isKeyword("not") else { return try comparison() }
        let op = advance()
        return try nested(op.position) { .unary("not", try $0.not(), op.position) }
    }

    private static let comparisons: Set<String> = ["<", "<=", ">", ">=", "==", "!="]

    private mutating func comparison() throws -> Expression {
        let left = try sum()
        guard case .symbol(let symbol) = current.kind, Parser.comparisons.contains(symbol) else { return left }
        let op = advance()
        let right = try sum()
        if case .symbol(let next) = current.kind, Parser.comparisons.contains(next) {
            throw LanguageError("comparisons do not chain; write '\(left.text) \(symbol) \(right.text) and "
                                + "\(right.text) \(next) ...'", current.position)
        }
        return .binary(symbol, left, right, op.position)
    }

    private mutating func sum() throws -> Expression {
        var left = try term()
        while isSymbol("+") || isSymbol("-") {
            let op = advance()
            guard case .symbol(let symbol) = op.kind else { break }
            left = .binary(symbol, left, try term(), op.position)
        }
        return left
    }

    private mutating func term() throws -> Expression {
        var left = try factor()
        while isSymbol("*") || isSymbol("/") || isSymbol("%") {
            let op = advance()
            guard case .symbol(let symbol) = op.kind else { break }
            if isSymbol("/") {
                throw LanguageError("'//' is not part of the lesson language; use floor(a / b)", op.position)
            }
            left = .binary(symbol, left, try factor(), op.position)
        }
        return left
    }

    private mutating func factor() throws -> Expression {
        guard isSymbol("-") || isSymbol("+") else { return try power() }
        let op = advance()
        guard case .symbol(let symbol) = op.kind else { return try power() }
        return try nested(op.position) { .unary(symbol, try $0.factor(), op.position) }
    }

    private mutating func power() throws -> Expression {
        let base = try primary()
        guard isSymbol("**") else { return base }
        let op = advance()
        // The exponent may carry its own sign (2 ** -1) and is right-associative.
        return try nested(op.position) { .binary("**", base, try $0.factor(), op.position) }
    }

    private mutating func primary() throws -> Expression {
        let token = current
        switch token.kind {
        case .integer(let v): _ = advance(); return .integer(v, token.position)
        case .float(let v): _ = advance(); return .float(v, token.position)
        case .string(let s): _ = advance(); return .string(s, token.position)
        case .keyword("true"): _ = advance(); return .boolean(true, token.position)
        case .keyword("false"): _ = advance(); return .boolean(false, token.position)
        case .name(let name):
            _ = advance()
            guard isSymbol("(") else { return .name(name, token.position) }
            _ = advance()
            return try callArguments(name, token.position)
        case .symbol("("):
            _ = advance()
            // Each element is an `expression()`, which counts the nesting level.
            let items = try items(closing: ")")
            if items.values.count == 1 && !items.trailingComma { return items.values[0] }
            return .tuple(items.values, token.position)
        case .symbol("["):
            _ = advance()
            return .list(try items(closing: "]").values, token.position)
        case .newline, .end:
            throw LanguageError("expected a value, found \(token.shown)", token.position)
        default:
            throw LanguageError("expected a value, found \(token.shown)", token.position)
        }
    }

    /// Comma-separated expressions up to `closing` (already past the opening bracket).
    private mutating func items(closing: String) throws -> (values: [Expression], trailingComma: Bool) {
        var values: [Expression] = []
        var trailingComma = false
        while !isSymbol(closing) {
            values.append(try expression())
            trailingComma = false
            if isSymbol(",") { _ = advance(); trailingComma = true; continue }
            guard isSymbol(closing) else {
                throw LanguageError("expected ',' or '\(closing)', found \(current.shown)", current.position)
            }
        }
        _ = advance()
        return (values, trailingComma)
    }

    /// `(positional..., name: value...)` after a name (already past the '(').
    private mutating func callArguments(_ name: String, _ position: SourcePosition) throws -> Expression {
        var positional: [Expression] = []
        var keywords: [KeywordArgument] = []
        while !isSymbol(")") {
            if case .name(let keyword) = current.kind, index + 1 < tokens.count, tokens[index + 1].kind == .symbol(":") {
                let keywordToken = advance()
                _ = advance()
                if keywords.contains(where: { $0.name == keyword }) {
                    throw LanguageError("argument '\(keyword)' is given twice", keywordToken.position)
                }
                keywords.append(KeywordArgument(name: keyword, value: try expression(), position: keywordToken.position))
            } else {
                let value = try expression()
                guard keywords.isEmpty else {
                    throw LanguageError("a positional argument cannot follow keyword arguments", value.start)
                }
                positional.append(value)
            }
            if isSymbol(",") { _ = advance(); continue }
            if isSymbol("=") {
                throw LanguageError("keyword arguments use ':', as in units: 300", current.position)
            }
            try expect(")", "to close the call of \(name)")
            return .call(name, positional, keywords, position)
        }
        _ = advance()
        return .call(name, positional, keywords, position)
    }
}
