/// A cell as `lesson step` shows it: the fences and body exactly as in the file, each
/// line prefixed with its file line number, so error messages' line numbers match.
public enum CellListing {
    public static func render(_ cell: Cell, in lesson: Lesson, style: TerminalStyle) -> String {
        let last = max(cell.closingLine, cell.fenceLine)
        let digits = String(last).count
        var lines: [String] = []
        for number in cell.fenceLine...last {
            let text = lesson.sourceLine(number) ?? ""
            let label = String(repeating: " ", count: digits - String(number).count) + String(number)
            let gutter = style.color ? style.styled(label + " │", "2") : label + " | "
            let isFence = number == cell.fenceLine || number == cell.closingLine
            lines.append(gutter + (style.color ? " " : "") + (isFence ? style.styled(text, "2") : text))
        }
        return lines.joined(separator: "\n")
    }
}
