/// `--set NAME=VALUE` from the command line, like papermill's `-p`: VALUE is an
/// expression of the cell language without names (`30`, `1e-3`, `"result/x"`, `(80, 1)`).
public enum Override {
    /// Parses `NAME=VALUE`. Errors are usage errors naming the option.
    public static func parse(_ text: String) throws -> (name: String, value: Value) {
        func failure(_ message: String) -> LessonError {
            LessonError("--set \(text): \(message)", file: "command line", line: 0, column: 0, kind: .usage)
        }
        guard let equals = text.firstIndex(of: "=") else { throw failure("expected NAME=VALUE, as in --set EPOCH_NM=30") }
        let name = String(text[..<equals]).trimmingWhitespace()
        let source = String(text[text.index(after: equals)...])
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !Lexer.keywords.contains(name) else {
            throw failure("'\(name)' is not a name")
        }
        do {
            let statements = try Parser.parse(["\(name) = " + source])
            guard statements.count == 1, case .assignment(_, let expression, _) = statements[0] else {
                throw failure("the value must be one expression")
            }
            let interpreter = Interpreter(random: nil, output: { _ in })
            let value = try interpreter.evaluate(expression)
            guard value != .unknown, value != .none else { throw failure("the value must be a constant") }
            if case .function = value { throw failure("the value must be a constant") }
            return (name, value)
        } catch let error as LanguageError {
            throw failure(error.message)
        }
    }
}
