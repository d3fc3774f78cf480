import LessonLanguage
/// A cell as `lesson step` shows it: the fences and body exactly as in the file, each
/// line prefixed with its file line number, so error messages' line numbers match.
/// A line whose value `--set` replaces is marked at its end, close to what it replaces
/// (`N_HIDDEN = 300   # hidden units  → 16 (--set)`); where the mark would not fit the
/// width, it goes on a line of its own under its line, naming the constant
/// (`N_HIDDEN → 16 (--set)`).
public enum CellListing {
    public static func render(_ cell: Cell, in lesson: Lesson, style: TerminalStyle,
                              replacements: [OverrideReplacement] = []) -> String {
        let last = max(cell.closingLine, cell.fenceLine)
        let digits = String(last).count
        // The gutter is `digits` wide plus " | " (plain) or " │ " (styled): three columns either way.
        let gutterWidth = digits + 3
        var lines: [String] = []
        for number in cell.fenceLine...last {
            let text = lesson.sourceLine(number) ?? ""
            let label = String(repeating: " ", count: digits - String(number).count) + String(number)
            let isFence = number == cell.fenceLine || number == cell.closingLine
            var line = gutter(label, style) + (isFence ? style.styled(text, "2") : text)
            var below: [String] = []
            for replacement in replacements where replacement.line == number {
                if below.isEmpty && gutterWidth + text.count + 2 + replacement.marker.count <= style.width {
                    line += "  " + style.styled(replacement.marker, "33")
                } else {
                    let blank = String(repeating: " ", count: digits)
                    below.append(gutter(blank, style) + style.styled(replacement.name + " " + replacement.marker, "33"))
                }
            }
            lines.append(line)
            lines += below
        }
        return lines.joined(separator: "\n")
    }

    /// `label │ ` dimmed with styling, `label | ` without.
    private static func gutter(_ label: String, _ style: TerminalStyle) -> String {
        style.color ? style.styled(label + " │", "2") + " " : label + " | "
    }
}
