/// A Markdown table (GitHub's pipe tables) as the terminal shows it: columns aligned,
/// the header set apart by a rule, ` │ ` (plain: ` | `) between columns, and no wider
/// than the terminal. When the table is too wide, its columns narrow and their cells
/// wrap at spaces; when even its longest words do not fit side by side, each row is
/// shown as `header: value` lines instead.
struct ProseTable: Equatable {
    enum Alignment: Equatable {
        case left, center, right
    }

    var header: [String]
    var alignments: [Alignment]
    /// Each as many cells as the header.
    var rows: [[String]]

    /// Words longer than this may be cut to keep the table a grid.
    static let longestUncutWord = 16
    /// Columns between the columns.
    static let gap = 3

    /// The table that starts at `lines[start]` (a header row, then a delimiter row
    /// `| --- | :-: |` of as many cells) and how many lines it takes; nil when none does.
    static func parse(_ lines: [String], at start: Int) -> (table: ProseTable, lineCount: Int)? {
        guard start + 1 < lines.count, lines[start].contains("|") else { return nil }
        let header = cells(lines[start])
        guard let alignments = delimiters(lines[start + 1]), alignments.count == header.count else { return nil }
        var rows: [[String]] = []
        var end = start + 2
        while end < lines.count, lines[end].contains("|"), !lines[end].trimmingWhitespace().isEmpty {
            let row = cells(lines[end])
            rows.append(Array(row.prefix(header.count)) + Array(repeating: "", count: max(0, header.count - row.count)))
            end += 1
        }
        return (ProseTable(header: header, alignments: alignments, rows: rows), end - start)
    }

    /// A row's cells, without the outer pipes; `\|` does not split (and shows as `|`).
    private static func cells(_ line: String) -> [String] {
        var text = Substring(line.trimmingWhitespace())
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if character == "|" && !escaped {
                cells.append(current.trimmingWhitespace())
                current = ""
            } else {
                current.append(character)
            }
            escaped = character == "\\" && !escaped
        }
        cells.append(current.trimmingWhitespace())
        return cells
    }

    /// The alignments of a delimiter row (`---`, `:---`, `---:`, `:---:` per cell), or nil.
    private static func delimiters(_ line: String) -> [Alignment]? {
        var alignments: [Alignment] = []
        for cell in cells(line) {
            let dashes = cell.trimmingCharacters(in: [":"])
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            switch (cell.hasPrefix(":"), cell.hasSuffix(":")) {
            case (true, true): alignments.append(.center)
            case (false, true): alignments.append(.right)
            default: alignments.append(.left)
            }
        }
        return alignments
    }

    // MARK: - Rendering

    func render(width: Int, style: TerminalStyle) -> [String] {
        let columns = header.indices
        // Per column: its widest cell on one line, and its longest word.
        func widest(_ column: Int, wrappedTo lineWidth: Int) -> Int {
            ([header] + rows).flatMap { ProseRenderer.wrap($0[column], width: lineWidth, style: style) }
                .map { ProseRenderer.stripANSI($0).count }.max() ?? 0
        }
        let natural = columns.map { widest($0, wrappedTo: Int.max) }
        let words = columns.map { widest($0, wrappedTo: 1) }
        guard let widths = ProseTable.fit(natural: natural, words: words,
                                          into: width - ProseTable.gap * max(0, header.count - 1)) else {
            return records(width: width, style: style)
        }
        let separator = style.color ? style.styled(" │ ", "2") : " | "
        let rule = widths.map { String(repeating: style.color ? "─" : "-", count: $0) }
            .joined(separator: style.color ? "─┼─" : "-+-")
        func lines(of row: [String], bold: Bool) -> [String] {
            let wrapped = columns.map { column in
                ProseRenderer.wrap(row[column], width: widths[column], style: style, cutLongWords: true)
                    .map { bold ? style.styled(ProseRenderer.stripANSI($0), "1") : $0 }
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                columns.map { column in
                    let text = line < wrapped[column].count ? wrapped[column][line] : ""
                    return ProseTable.pad(text, to: widths[column], alignments[column])
                }.joined(separator: separator).trimmingTrailingSpaces()
            }
        }
        return lines(of: header, bold: style.color) + [style.styled(rule, "2")] + rows.flatMap { lines(of: $0, bold: false) }
    }

    /// Column widths summing to at most `available`: the natural ones (`natural`, each
    /// column's widest cell) when they fit; else each column as wide as its longest
    /// word (at most `longestUncutWord`) and the space left given, a column at a time,
    /// to the column that lacks most. Nil when the words do not fit side by side.
    static func fit(natural: [Int], words: [Int], into available: Int) -> [Int]? {
        if natural.reduce(0, +) <= available { return natural }
        var widths = zip(natural, words).map { max(1, min($0, $1, longestUncutWord)) }
        var spare = available - widths.reduce(0, +)
        guard spare >= 0 else { return nil }
        while spare > 0, let column = widths.indices.max(by: { natural[$0] - widths[$0] < natural[$1] - widths[$1] }),
              widths[column] < natural[column] {
            widths[column] += 1
            spare -= 1
        }
        return widths
    }

    /// Each row as `header: value` lines, rows apart by a blank line: a table too wide
    /// for the terminal even with narrow columns.
    private func records(width: Int, style: TerminalStyle) -> [String] {
        var output: [String] = []
        for row in rows {
            if !output.isEmpty { output.append("") }
            for (name, value) in zip(header, row) {
                let lines = ProseRenderer.wrap(name + ": " + value, width: width - 2, style: style, cutLongWords: true)
                output += lines.enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
            }
        }
        return output
    }

    private static func pad(_ text: String, to width: Int, _ alignment: Alignment) -> String {
        let space = max(0, width - ProseRenderer.stripANSI(text).count)
        switch alignment {
        case .left: return text + String(repeating: " ", count: space)
        case .right: return String(repeating: " ", count: space) + text
        case .center: return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
        }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
