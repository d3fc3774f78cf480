import LessonLanguage
/// Renders a lesson's prose for the terminal (`lesson step`): headings, paragraphs with
/// *emphasis*, **strong**, `code`, links and images, bullet and numbered lists, block
/// quotes, tables (`ProseTable`), thematic breaks and non-cell code blocks, wrapped
/// to the style's width; HTML comments are hidden. With color
/// off the output is plain text: headings underlined with `=`/`-`, code spans keep their
/// backticks, code blocks are indented four spaces.
public enum ProseRenderer {
    public static func render(_ markdown: String, style: TerminalStyle) -> String {
        render(lines: LessonParser.splitLines(markdown), style: style, width: style.width, depth: 0).joined(separator: "\n")
    }

    private enum Block {
        case heading(Int, String)
        case paragraph(String)
        case code([String])
        case quote([String])
        case item(marker: String, indent: Int, text: String)
        case rule
        case table(ProseTable)
    }

    /// Block quotes nest at most this deep; deeper `>` marks are shown as text.
    static let maximumQuoteDepth = 8

    private static func render(lines: [String], style: TerminalStyle, width: Int, depth: Int) -> [String] {
        var output: [String] = []
        var previousWasItem = false
        for block in blocks(lines, quotes: depth < maximumQuoteDepth) {
            let isItem: Bool
            if case .item = block { isItem = true } else { isItem = false }
            // A blank line between blocks, but list items stay together.
            if !output.isEmpty && !(isItem && previousWasItem) { output.append("") }
            previousWasItem = isItem
            switch block {
            case .heading(let level, let text):
                let plainText = InlineMarkdown.runs(text).map(\.text).joined()
                if style.color {
                    output.append(contentsOf: wrap(text, width: width, style: style).map {
                        style.styled(stripANSI($0), level == 1 ? "1;4" : "1")
                    })
                } else {
                    output.append(contentsOf: wrap(text, width: width, style: style))
                    if level <= 2 {
                        output.append(String(repeating: level == 1 ? "=" : "-", count: min(width, plainText.count)))
                    }
                }
            case .paragraph(let text):
                output.append(contentsOf: wrap(text, width: width, style: style))
                output.append(contentsOf: ProseImage.pictures(in: text, style: style, width: width))
            case .code(let code):
                output.append(contentsOf: code.map { style.styled("    " + $0, "2") })
            case .quote(let inner):
                let bar = style.color ? style.styled("│", "2") + " " : "> "
                output.append(contentsOf: render(lines: inner, style: style, width: max(10, width - 2), depth: depth + 1).map {
                    $0.isEmpty ? String(bar.dropLast()) : bar + $0
                })
            case .item(let marker, let indent, let text):
                let lead = String(repeating: " ", count: indent)
                let shown = marker == "-" ? (style.color ? "•" : "-") : marker
                let hanging = String(repeating: " ", count: indent + shown.count + 1)
                let wrapped = wrap(text, width: max(10, width - hanging.count), style: style)
                for (i, line) in wrapped.enumerated() {
                    output.append(i == 0 ? lead + shown + " " + line : hanging + line)
                }
            case .rule:
                output.append(style.styled(String(repeating: style.color ? "─" : "-", count: min(width, 40)), "2"))
            case .table(let table):
                output.append(contentsOf: table.render(width: width, style: style))
            }
        }
        return output
    }

    /// Groups lines into blocks (a CommonMark subset: enough for lessons).
    private static func blocks(_ lines: [String], quotes: Bool) -> [Block] {
        var result: [Block] = []
        var paragraph: [String] = []
        var i = 0
        func flush() {
            if !paragraph.isEmpty { result.append(.paragraph(paragraph.joined(separator: " "))) }
            paragraph = []
        }
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { flush(); i += 1; continue }
            // HTML comments are notes for the teacher: not shown.
            if trimmed.hasPrefix("<!--") && leadingSpaces(line) <= 3 {
                flush()
                var closing = String(trimmed.dropFirst(4))
                while !closing.contains("-->") && i + 1 < lines.count {
                    i += 1
                    closing = lines[i]
                }
                i += 1
                continue
            }
            if let fence = Fence.opening(line) {
                flush()
                var code: [String] = []
                i += 1
                while i < lines.count && !fence.isClosed(by: lines[i]) {
                    code.append(fence.strip(lines[i]).text)
                    i += 1
                }
                result.append(.code(code))
                i += 1
                continue
            }
            if let heading = LessonParser.atxHeading(line) {
                flush()
                result.append(.heading(heading.level, heading.text))
                i += 1
                continue
            }
            if isRule(trimmed) && leadingSpaces(line) <= 3 {
                flush()
                result.append(.rule)
                i += 1
                continue
            }
            if quotes && trimmed.hasPrefix(">") && leadingSpaces(line) <= 3 {
                flush()
                var inner: [String] = []
                while i < lines.count {
                    let t = lines[i].trimmingWhitespace()
                    guard t.hasPrefix(">") else { break }
                    var rest = t.dropFirst()
                    if rest.first == " " { rest = rest.dropFirst() }
                    inner.append(String(rest))
                    i += 1
                }
                result.append(.quote(inner))
                continue
            }
            if let (table, lineCount) = ProseTable.parse(lines, at: i) {
                flush()
                result.append(.table(table))
                i += lineCount
                continue
            }
            if let item = listItem(line) {
                flush()
                var text = item.text
                i += 1
                // Continuation lines: non-blank lines that start no other block.
                while i < lines.count {
                    let next = lines[i]
                    let t = next.trimmingWhitespace()
                    if t.isEmpty || listItem(next) != nil || Fence.opening(next) != nil
                        || LessonParser.atxHeading(next) != nil || t.hasPrefix(">") { break }
                    text += " " + t
                    i += 1
                }
                result.append(.item(marker: item.marker, indent: min(8, item.indent / 2 * 2), text: text))
                continue
            }
            if leadingSpaces(line) >= 4 && paragraph.isEmpty {
                var code: [String] = []
                while i < lines.count, leadingSpaces(lines[i]) >= 4 || lines[i].trimmingWhitespace().isEmpty {
                    code.append(dropIndentation(lines[i], columns: 4))
                    i += 1
                }
                while code.last?.trimmingWhitespace().isEmpty == true { code.removeLast() }
                result.append(.code(code))
                continue
            }
            paragraph.append(trimmed)
            i += 1
        }
        flush()
        return result
    }

    private static func leadingSpaces(_ line: String) -> Int {
        var n = 0
        for ch in line {
            if ch == " " { n += 1 } else if ch == "\t" { n += 4 } else { break }
        }
        return n
    }

    /// `line` without leading whitespace worth up to `columns` columns (a tab is 4).
    private static func dropIndentation(_ line: String, columns: Int) -> String {
        var rest = Substring(line)
        var removed = 0
        while removed < columns, let first = rest.first, first == " " || first == "\t" {
            removed += first == "\t" ? 4 : 1
            rest = rest.dropFirst()
        }
        return String(rest)
    }

    private static func isRule(_ trimmed: String) -> Bool {
        let marks = trimmed.filter { $0 != " " }
        guard let first = marks.first, "-*_".contains(first), marks.count >= 3 else { return false }
        return marks.allSatisfy { $0 == first }
    }

    /// `- text`, `* text`, `+ text`, `1. text`, `1) text`: the marker as shown, the
    /// indentation before it and the text.
    private static func listItem(_ line: String) -> (marker: String, indent: Int, text: String)? {
        let indent = leadingSpaces(line)
        let t = line.trimmingWhitespace()
        if let first = t.first, "-*+".contains(first), t.dropFirst().first == " " {
            guard !isRule(t) else { return nil }
            return ("-", indent, String(t.dropFirst(2)).trimmingWhitespace())
        }
        let digits = t.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = t.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        return (digits + ".", indent, String(rest.dropFirst(2)).trimmingWhitespace())
    }
}
