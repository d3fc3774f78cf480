/// Splits a cell body into tokens. `#` starts a comment to the end of the line; a line
/// end inside ( ) or [ ] does not end the statement, so calls may span lines.
public struct Lexer {
    /// Longest body line accepted; longer lines are almost surely not meant as code.
    public static let maximumLineLength = 4000
    public static let keywords: Set<String> = ["true", "false", "and", "or", "not"]
    private static let twoCharacterSymbols: Set<String> = ["**", "==", "!=", "<=", ">="]
    private static let oneCharacterSymbols: Set<Character> = ["+", "-", "*", "/", "%", "(", ")", "[", "]", ",", ":", "=", "<", ">"]

    /// Tokens of `lines` (a cell body's lines), ending with `.end`. Errors carry body positions.
    public static func tokens(_ lines: [String]) throws -> [Token] {
        var tokens: [Token] = []
        var brackets: [(Character, SourcePosition)] = []
        for (lineIndex, text) in lines.enumerated() {
            let line = lineIndex + 1
            let c = Array(text)
            guard c.count <= maximumLineLength else {
                throw LanguageError("line is \(c.count) characters long; lines hold at most \(maximumLineLength)",
                                    SourcePosition(line: line, column: maximumLineLength + 1))
            }
            var i = 0
            var sawToken = false
            while i < c.count {
                let ch = c[i]
                let position = SourcePosition(line: line, column: i + 1)
                if ch == " " || ch == "\t" { i += 1; continue }
                if ch == "#" { break }
                sawToken = true
                if ch.isNumber && ch.isASCII || (ch == "." && i + 1 < c.count && c[i + 1].isASCII && c[i + 1].isNumber) {
                    let (token, next) = try number(c, from: i, position: position)
                    tokens.append(token)
                    i = next
                } else if ch.isLetter || ch == "_" {
                    var word = ""
                    while i < c.count && (c[i].isLetter || c[i].isNumber || c[i] == "_") { word.append(c[i]); i += 1 }
                    tokens.append(Token(kind: keywords.contains(word) ? .keyword(word) : .name(word), position: position))
                } else if ch == "\"" {
                    let (value, next) = try string(c, from: i, position: position, line: line)
                    tokens.append(Token(kind: .string(value), position: position))
                    i = next
                } else if i + 1 < c.count, twoCharacterSymbols.contains(String([ch, c[i + 1]])) {
                    tokens.append(Token(kind: .symbol(String([ch, c[i + 1]])), position: position))
                    i += 2
                } else if oneCharacterSymbols.contains(ch) {
                    if ch == "(" || ch == "[" { brackets.append((ch, position)) }
                    if ch == ")" || ch == "]" {
                        let expected: Character = ch == ")" ? "(" : "["
                        guard let open = brackets.popLast() else {
                            throw LanguageError("'\(ch)' has no matching '\(expected)'", position)
                        }
                        guard open.0 == expected else {
                            throw LanguageError("'\(ch)' closes the '\(open.0)' opened at line \(open.1.line), column \(open.1.column)", position)
                        }
                    }
                    tokens.append(Token(kind: .symbol(String(ch)), position: position))
                    i += 1
                } else {
                    let hint = ch == "'" ? "; strings use double quotes: \"text\"" : ""
                    throw LanguageError("unexpected character '\(ch)'\(hint)", position)
                }
            }
            if brackets.isEmpty && sawToken {
                tokens.append(Token(kind: .newline, position: SourcePosition(line: line, column: c.count + 1)))
            }
        }
        if let open = brackets.last {
            let closer = open.0 == "(" ? ")" : "]"
            throw LanguageError("'\(open.0)' is never closed; add '\(closer)'", open.1)
        }
        let endLine = max(lines.count, 1)
        tokens.append(Token(kind: .end, position: SourcePosition(line: endLine, column: (lines.last?.count ?? 0) + 1)))
        return tokens
    }

    /// Integer `256`, float `0.3`, `.5`, `1.`, `1e-3`, `2.5E+4`.
    private static func number(_ c: [Character], from start: Int, position: SourcePosition) throws -> (Token, Int) {
        var i = start
        var text = ""
        var isFloat = false
        func digits() { while i < c.count && c[i].isASCII && c[i].isNumber { text.append(c[i]); i += 1 } }
        digits()
        if i < c.count && c[i] == "." {
            isFloat = true
            text.append("."); i += 1
            digits()
        }
        if i < c.count && (c[i] == "e" || c[i] == "E") {
            var j = i + 1
            if j < c.count && (c[j] == "+" || c[j] == "-") { j += 1 }
            if j < c.count && c[j].isASCII && c[j].isNumber {
                isFloat = true
                text.append(contentsOf: String(c[i..<j]))
                i = j
                digits()
            } else {
                throw LanguageError("exponent of '\(text)\(c[i])' has no digits; write 1e-3", position)
            }
        }
        if i < c.count && (c[i].isLetter || c[i] == "_") {
            throw LanguageError("'\(text)\(c[i])' is not a number; names cannot start with a digit", position)
        }
        if !isFloat {
            guard let value = Int(text) else {
                throw LanguageError("integer \(text) is too large; write it as a float (e.g. 1e30)", position)
            }
            return (Token(kind: .integer(value), position: position), i)
        }
        let normalized = text.hasPrefix(".") ? "0" + text : (text.hasSuffix(".") ? text + "0" : text)
        guard let value = Double(normalized), value.isFinite else {
            throw LanguageError("number \(text) is out of range", position)
        }
        return (Token(kind: .float(value), position: position), i)
    }

    /// A double-quoted string on one line; escapes `\" \\ \n \t`.
    private static func string(_ c: [Character], from start: Int, position: SourcePosition, line: Int) throws -> (String, Int) {
        var i = start + 1
        var value = ""
        while i < c.count {
            let ch = c[i]
            if ch == "\"" { return (value, i + 1) }
            if ch == "\\" {
                guard i + 1 < c.count else { break }
                switch c[i + 1] {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "n": value.append("\n")
                case "t": value.append("\t")
                default:
                    throw LanguageError("unknown escape '\\\(c[i + 1])' in a string; use \\\" \\\\ \\n or \\t",
                                        SourcePosition(line: line, column: i + 1))
                }
                i += 2
                continue
            }
            value.append(ch)
            i += 1
        }
        throw LanguageError("string is not closed before the end of the line; add '\"'", position)
    }
}

/// An error in a cell body at a body position; `Interpreter` turns it into a
/// `LessonError` with the file's line and column.
public struct LanguageError: Error {
    public var message: String
    public var position: SourcePosition
    public var kind: LessonError.Kind
    /// The cell the position belongs to when it is not the running cell (an error in
    /// the body of a function another cell defined).
    public var cell: Cell?
    public init(_ message: String, _ position: SourcePosition, kind: LessonError.Kind = .invalidLesson) {
        self.message = message
        self.position = position
        self.kind = kind
    }
}
