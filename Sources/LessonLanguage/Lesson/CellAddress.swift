public extension Lesson {
    /// The cell `address` names: a 1-based index (`4`), a cell name (`long-run`), or a
    /// step kind when exactly one cell has that kind (`fit`). Index wins over name, name
    /// over kind (names cannot be numbers, so the first rule is unambiguous).
    /// Errors list the valid choices; they have no line (they are about the command line).
    public func cell(_ address: String) throws -> Cell {
        let cells = self.cells
        func failure(_ message: String) -> LessonError {
            LessonError(message, file: path, line: 0, column: 0, kind: .usage)
        }
        guard !cells.isEmpty else { throw failure("the lesson has no cells") }
        if let index = Int(address) {
            guard index >= 1 && index <= cells.count else {
                throw failure("there is no cell \(index); cells are numbered 1 to \(cells.count)")
            }
            return cells[index - 1]
        }
        if let named = cells.first(where: { $0.name == address }) { return named }
        if let kind = StepKind(rawValue: address) {
            let matching = cells.filter { $0.kind == kind }
            switch matching.count {
            case 1: return matching[0]
            case 0: throw failure("the lesson has no \(kind.rawValue) cell; its cells are " + choices(cells))
            default:
                throw failure("the lesson has \(matching.count) \(kind.rawValue) cells; choose one by index or name: "
                              + choices(matching))
            }
        }
        let words = cells.compactMap(\.name) + Set(cells.map(\.kind.rawValue)).sorted()
        throw failure("no cell is called '\(address)'"
                      + Suggestion.hint(for: address, among: words, otherwise: "choose one of " + choices(cells)))
    }

    /// `1 (setup), 2 (constants), 5 (fit "long-run")`.
    private func choices(_ cells: [Cell]) -> String {
        cells.map { "\($0.index) (\($0.label))" }.joined(separator: ", ")
    }
}
