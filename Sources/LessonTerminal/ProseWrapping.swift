import LessonLanguage

/// Wrapping prose to the terminal's width: whole words, styled runs kept together.
extension ProseRenderer {
    /// Greedy word wrap of a paragraph's inline Markdown to `width` visible columns.
    /// A word longer than the width gets a line of its own rather than being cut (a
    /// link stays whole), unless `cutLongWords` (a table's cells).
    static func wrap(_ text: String, width: Int, style: TerminalStyle, cutLongWords: Bool = false) -> [String] {
        // In plain text a code span keeps its backticks, so it still reads as code.
        let runs = InlineMarkdown.runs(text).map { run -> InlineRun in
            guard run.code && !style.color else { return run }
            var r = run
            r.text = "`" + run.text + "`"
            return r
        }
        // Words as sequences of styled pieces; spaces separate words.
        var words: [[InlineRun]] = []
        var current: [InlineRun] = []
        for run in runs {
            var piece = ""
            func emitPiece() {
                if !piece.isEmpty { var r = run; r.text = piece; current.append(r) }
                piece = ""
            }
            for ch in run.text {
                if ch == " " || ch == "\t" || ch == "\n" {
                    emitPiece()
                    if !current.isEmpty { words.append(current); current = [] }
                } else {
                    piece.append(ch)
                }
            }
            emitPiece()
        }
        if !current.isEmpty { words.append(current) }
        func visible(_ word: [InlineRun]) -> Int { word.reduce(0) { $0 + $1.text.count } }
        if cutLongWords {
            words = words.flatMap { visible($0) > width ? cut($0, width: width) : [$0] }
        }

        func shown(_ word: [InlineRun]) -> String {
            word.map { style.color ? style.styled($0.text, $0.codes) : $0.text }.joined()
        }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in words {
            let w = visible(word)
            if lineWidth > 0 && lineWidth + 1 + w > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 { line += " "; lineWidth += 1 }
            line += shown(word)
            lineWidth += w
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `word` cut into pieces of `width` visible characters (the last one shorter),
    /// each piece keeping the styles of its characters.
    fileprivate static func cut(_ word: [InlineRun], width: Int) -> [[InlineRun]] {
        var pieces: [[InlineRun]] = []
        var piece: [InlineRun] = []
        var filled = 0
        for run in word {
            var rest = Substring(run.text)
            while !rest.isEmpty {
                if filled == width {
                    pieces.append(piece)
                    piece = []
                    filled = 0
                }
                var part = run
                part.text = String(rest.prefix(width - filled))
                piece.append(part)
                filled += part.text.count
                rest = rest.dropFirst(part.text.count)
            }
        }
        if !piece.isEmpty { pieces.append(piece) }
        return pieces
    }

    /// `text` without ANSI SGR sequences.
    static func stripANSI(_ text: String) -> String {
        var out = ""
        var inEscape = false
        for ch in text {
            if inEscape { if ch == "m" { inEscape = false }; continue }
            if ch == "\u{1B}" { inEscape = true; continue }
            out.append(ch)
        }
        return out
    }
}
