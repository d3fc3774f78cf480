import LSTMCore

/// A table of runs as `lesson runs`, sweeps and `lesson compare` print it: in the
/// terminal with aligned columns (numbers to the right), and as Markdown for
/// `sweep.md`.
public struct ResultTable: Equatable, Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns whose cells are numbers, aligned to the right.
    public var numeric: Set<Int>

    public init(header: [String], rows: [[String]], numeric: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.numeric = numeric
    }

    /// Aligned columns, two spaces apart, the header first.
    public var text: String {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return numeric.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// A Markdown table (`|` inside a cell escaped).
    public var markdown: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let rule = "| " + header.indices.map { numeric.contains($0) ? "---:" : "---" }.joined(separator: " | ") + " |"
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// A number as tables show it: whole numbers as they are, others with 4 significant digits.
    static func format(_ value: Double?) -> String {
        guard let value else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return formatSignificant(value, digits: 4)
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

extension ResultTable {
    /// The ledger's entries as `lesson runs` shows them, oldest first: when, the
    /// overrides, seed, threads, status, then every number the runs recorded, and
    /// their wall time.
    static func runs(_ entries: [LedgerEntry]) -> ResultTable {
        let columns = numberColumns(entries.map(\.numbers))
        let header = ["#", "started (UTC)", "settings", "seed", "threads", "status"] + columns + ["seconds", "trained"]
        var rows: [[String]] = []
        for (index, entry) in entries.enumerated() {
            let numbers = entry.numbers
            let trained = entry.fits.contains { $0.trained } ? "yes" : "no"
            rows.append([String(index + 1), String(entry.started.prefix(16)).replacingOccurrences(of: "T", with: " "),
                         settings(entry.overrides), String(entry.seed), String(entry.threads), entry.status]
                        + columns.map { format(numbers[$0]) } + [String(format: "%.1f", entry.seconds), trained])
        }
        let numeric = Set([0, 3, 4] + (6..<(6 + columns.count + 1)).map { $0 })
        return ResultTable(header: header, rows: rows, numeric: numeric)
    }

    /// `--set` texts as a table cell: `N_HIDDEN=16 EPOCH_NM=3`, or `as written`.
    static func settings(_ overrides: [String]) -> String {
        overrides.isEmpty ? "as written" : overrides.joined(separator: " ")
    }

    /// Column names of every number, in a reader's order: epochs and best values of the
    /// fits first, then the rest alphabetically.
    static func numberColumns(_ numbers: [[String: Double]]) -> [String] {
        let names = Set(numbers.flatMap(\.keys))
        func rank(_ name: String) -> Int {
            if name.hasSuffix("epochs") { return 0 }
            if name.hasSuffix("best_epoch") { return 1 }
            if name.contains("best_") { return 2 }
            return 3
        }
        return names.sorted { (rank($0), $0) < (rank($1), $1) }
    }
}
