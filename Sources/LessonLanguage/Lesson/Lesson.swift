/// A parsed lesson file: its title, slug and blocks in file order.
public struct Lesson: Sendable {
    /// The path as the user gave it; used in every message (`Lessons/01-sine-wave.md`).
    public var path: String
    /// Text of the first `#` heading, or the slug when there is none.
    public var title: String
    /// File name without folder and extension (`01-sine-wave`); names `result/<slug>/`.
    public var slug: String
    public var blocks: [Block]
    /// The file's lines (without line ends), for error carets and cell listings.
    public var lines: [String]

    /// One part of the lesson: prose to show, or a cell to run.
    public enum Block: Sendable {
        /// Markdown text (non-cell fences included) starting at 1-based file `line`.
        case prose(String, line: Int)
        case cell(Cell)
    }

    /// The cells in order; `cells[i].index == i + 1`.
    public var cells: [Cell] {
        blocks.compactMap { if case .cell(let cell) = $0 { return cell } else { return nil } }
    }

    /// A chart's title for one `part` of the lesson: "Predicting a sine wave: loss", or,
    /// after a title that ends in its own mark, "Which cell carries the wave? — loss".
    public func chartTitle(_ part: String) -> String {
        guard let last = title.last, "?!.:".contains(last) else { return title + ": " + part }
        return title + " — " + part
    }

    /// The text of a 1-based file line, or nil past the end.
    public func sourceLine(_ line: Int) -> String? {
        line >= 1 && line <= lines.count ? lines[line - 1] : nil
    }
}

/// A fenced cell: a typed step with a body in the cell language.
public struct Cell: Sendable {
    /// 1-based position among the lesson's cells.
    public var index: Int
    public var kind: StepKind
    /// From the `{name=...}` attribute.
    public var name: String?
    /// The body with the fence's indentation removed, lines joined by "\n".
    public var body: String
    /// The lesson file's path, for messages.
    public var file: String
    /// 1-based file line of the opening fence.
    public var fenceLine: Int
    /// 1-based file line of the closing fence.
    public var closingLine: Int
    /// How each body line maps back to the file.
    public var lines: [Line]

    /// One body line: its file line, how many characters of indentation were removed
    /// before it (body column c is file column c + removed), and its text.
    public struct Line: Sendable {
        public var fileLine: Int
        public var removedIndentation: Int
        public var text: String
    }

    /// File line of the first body line (the line after the fence).
    public var firstBodyLine: Int { fenceLine + 1 }

    /// File column where the first body line's text starts (after removed indentation).
    public var firstBodyColumn: Int { (lines.first?.removedIndentation ?? 0) + 1 }

    /// File line and column of 1-based body `line` and `column`.
    public func fileLocation(line: Int, column: Int) -> (line: Int, column: Int) {
        guard line >= 1 && line <= lines.count else { return (closingLine, 1) }
        let mapped = lines[line - 1]
        return (mapped.fileLine, column + mapped.removedIndentation)
    }

    /// The file's text of 1-based body `line` (indentation restored), for error carets.
    public func fileText(bodyLine line: Int) -> String? {
        guard line >= 1 && line <= lines.count else { return nil }
        let mapped = lines[line - 1]
        return String(repeating: " ", count: mapped.removedIndentation) + mapped.text
    }

    /// A short label: `fit` or `fit "long-run"`.
    public var label: String {
        name.map { "\(kind.rawValue) \"\($0)\"" } ?? kind.rawValue
    }
}
