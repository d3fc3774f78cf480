/// A place in a cell body: 1-based line and column (characters) of the body text.
/// `Cell.fileLocation` turns it into a file line and column.
public struct SourcePosition: Equatable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A lexical token of the cell language.
public struct Token: Equatable {
    public enum Kind: Equatable {
        case integer(Int)
        case float(Double)
        case string(String)
        case name(String)
        /// `true false and or not`
        case keyword(String)
        /// `+ - * / % ** ( ) [ ] , : = == != < <= > >=`
        case symbol(String)
        /// End of a statement (a line end outside brackets).
        case newline
        case end
    }
    public var kind: Kind
    public var position: SourcePosition

    /// How the token reads in a message: `'lstm'`, `'('`, `end of line`.
    public var shown: String {
        switch kind {
        case .integer(let v): return "'\(v)'"
        case .float(let v): return "'\(v)'"
        case .string(let s): return "\"\(s)\""
        case .name(let n), .keyword(let n), .symbol(let n): return "'\(n)'"
        case .newline: return "end of line"
        case .end: return "end of cell"
        }
    }
}
