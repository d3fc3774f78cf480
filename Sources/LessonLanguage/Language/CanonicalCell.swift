/// A cell as its key sees it: the parsed statements written back in one canonical
/// form, so comments, blank lines, spacing and line breaks inside calls do not count,
/// while anything that changes what runs (a name, a number, an argument) does.
public enum CanonicalCell {
    /// The cell's statements, one a line: `N = 300`, `f(x) = sin(x)`, `fit(epochs: 3)`.
    public static func text(of cell: Cell) throws -> String {
        try statements(of: cell).map(text(of:)).joined(separator: "\n")
    }

    public static func statements(of cell: Cell) throws -> [Statement] {
        do {
            return try Parser.parse(cell.lines.map(\.text))
        } catch let error as LanguageError {
            throw Interpreter.locate(error, in: cell)
        }
    }

    public static func text(of statement: Statement) -> String {
        switch statement {
        case .assignment(let name, let value, _): return "\(name) = \(value.text)"
        case .function(let name, let parameter, let body, _): return "\(name)(\(parameter)) = \(body.text)"
        case .call(let expression): return expression.text
        }
    }
}
