/// `--set NAME=VALUE` from the command line, like papermill's `-p`: VALUE is an
/// expression of the cell language without names (`30`, `1e-3`, `"result/x"`, `(80, 1)`),
/// or a lowercase bare word that names no value, taken as a string (`gru` for `"gru"`,
/// which a shell leaves unquoted).
public enum Override {
    /// Parses `NAME=VALUE`, VALUE evaluated with the constructors of `calls`
    /// (`rmsprop(learning_rate: 0.01)`). Errors are usage errors naming the option.
    public static func parse(_ text: String, calls: CallTable) throws -> (name: String, value: Value) {
        func failure(_ message: String) -> LessonError {
            LessonError("\(prefix(of: text))\(message)", file: "command line", line: 0, column: 0, kind: .usage)
        }
        guard let equals = text.firstIndex(of: "=") else { throw failure("expected NAME=VALUE, as in --set EPOCH_NM=30") }
        let name = String(text[..<equals]).trimmingWhitespace()
        let source = String(text[text.index(after: equals)...])
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !Lexer.keywords.contains(name) else {
            throw failure("'\(ValueFormatter.excerpt(text: name))' is not a name")
        }
        let word = source.trimmingWhitespace()
        do {
            let statements = try Parser.parse(["\(name) = " + source])
            guard statements.count == 1, case .assignment(_, let expression, _) = statements[0] else {
                throw failure("the value must be one expression")
            }
            let interpreter = Interpreter(calls: calls, random: nil, output: { _ in })
            let value: Value
            do {
                value = try interpreter.evaluate(expression)
            } catch let error as LanguageError {
                // A shell takes the quotes off `--sweep CELL="lstm","gru"`: a lowercase bare
                // word that names nothing the language can evaluate (`lstm`, a layer's call)
                // is the string it spells; `pi`, `true` and `sin` keep their meaning, and an
                // unknown NAME in capitals stays an error (a constant meant, not a string).
                if isBareWord(word) { return (name, .string(word)) }
                throw error
            }
            guard value != .unknown, value != .none else { throw failure("the value must be a constant") }
            if case .function = value { throw failure("the value must be a constant") }
            return (name, value)
        } catch let error as LanguageError {
            throw failure(error.message)
        }
    }

    /// `--set NAME=VALUE: `, as an error about the option starts (cut short: a value
    /// may be a megabyte long).
    public static func prefix(of text: String) -> String {
        "--set \(ValueFormatter.excerpt(text: text)): "
    }

    /// A lowercase name-like word: a lowercase letter, then lowercase letters, digits and
    /// `_`, not a keyword (`gru`, `simple_rnn`).
    private static func isBareWord(_ text: String) -> Bool {
        guard let first = text.first, first.isLowercase else { return false }
        return text.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } && !Lexer.keywords.contains(text)
    }
}
