/// Inline Markdown of one paragraph as styled runs: `code`, *emphasis*, **strong**,
/// [links](url) (shown as `text (url)`), images (`ProseImage`), <autolinks> and
/// backslash escapes.
/// `_` only emphasises at word boundaries, so names like `N_HIDDEN` stay intact.
struct InlineRun: Equatable {
    var text: String
    var bold = false
    var italic = false
    var code = false
    var link = false
    /// The file of an image (`![alt](path)`), as the lesson wrote it.
    var imagePath: String?

    /// The SGR codes of this run's style.
    var codes: String {
        var parts: [String] = []
        if bold { parts.append("1") }
        if italic { parts.append("3") }
        if link { parts.append("4") }
        if code { parts.append("36") }
        return parts.joined(separator: ";")
    }
}

enum InlineMarkdown {
    /// Links nest at most this deep (`[[a](u)](v)`); deeper brackets stay text.
    static let maximumLinkDepth = 4

    /// Paragraphs longer than this are shown without inline markup: finding closers
    /// is quadratic in the worst case, and no lesson needs such a paragraph styled.
    static let maximumStyledLength = 2000

    static func runs(_ text: String, depth: Int = 0) -> [InlineRun] {
        let c = Array(text)
        guard c.count <= maximumStyledLength else { return [InlineRun(text: text)] }
        var runs: [InlineRun] = []
        var bold = false, italic = false
        var buffer = ""
        func flush() {
            if !buffer.isEmpty { runs.append(InlineRun(text: buffer, bold: bold, italic: italic)) }
            buffer = ""
        }
        func isWordCharacter(_ i: Int) -> Bool { i >= 0 && i < c.count && (c[i].isLetter || c[i].isNumber) }
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch == "\\", i + 1 < c.count, c[i + 1].isPunctuation || c[i + 1].isSymbol {
                buffer.append(c[i + 1]); i += 2; continue
            }
            if ch == "`" {
                var n = 0
                while i + n < c.count && c[i + n] == "`" { n += 1 }
                if let close = closingBackticks(c, from: i + n, count: n) {
                    flush()
                    var code = String(c[(i + n)..<close])
                    if code.count >= 2, code.hasPrefix(" "), code.hasSuffix(" "), code.contains(where: { $0 != " " }) {
                        code = String(code.dropFirst().dropLast())
                    }
                    runs.append(InlineRun(text: code, bold: bold, italic: italic, code: true))
                    i = close + n
                    continue
                }
                buffer.append(String(repeating: "`", count: n)); i += n; continue
            }
            if ch == "*" || ch == "_" {
                let double = i + 1 < c.count && c[i + 1] == ch
                let width = double ? 2 : 1
                let opening = double ? bold : italic
                // `_` must not touch a word character on the outer side (intra-word underscores are literal).
                let boundaryOK = ch == "*" || (opening ? !isWordCharacter(i + width) : !isWordCharacter(i - 1))
                let rest = String(c[(i + width)...])
                let hasCloser = opening || rest.contains(String(repeating: String(ch), count: width))
                let touchesText = opening ? (i > 0 && c[i - 1] != " ") : (i + width < c.count && c[i + width] != " ")
                if boundaryOK && hasCloser && touchesText {
                    flush()
                    if double { bold.toggle() } else { italic.toggle() }
                    i += width
                    continue
                }
            }
            if ch == "!", i + 1 < c.count, c[i + 1] == "[", let (alt, path, end) = link(c, from: i + 1) {
                flush()
                runs.append(contentsOf: ProseImage.runs(alt: alt, path: path))
                i = end
                continue
            }
            if ch == "[", depth < maximumLinkDepth, let (label, url, end) = link(c, from: i) {
                flush()
                runs.append(contentsOf: InlineMarkdown.runs(label, depth: depth + 1).map { var r = $0; r.bold = r.bold || bold; r.italic = r.italic || italic; return r })
                if url != label { runs.append(InlineRun(text: " (\(url))", link: true)) }
                i = end
                continue
            }
            if ch == "<", let close = c[i...].firstIndex(of: ">"), close > i + 1 {
                let inner = String(c[(i + 1)..<close])
                if inner.hasPrefix("http://") || inner.hasPrefix("https://") || inner.hasPrefix("mailto:") {
                    flush()
                    runs.append(InlineRun(text: inner, link: true))
                    i = close + 1
                    continue
                }
            }
            buffer.append(ch)
            i += 1
        }
        flush()
        return runs
    }

    private static func closingBackticks(_ c: [Character], from start: Int, count n: Int) -> Int? {
        var j = start
        while j < c.count {
            if c[j] == "`" {
                var m = 0
                while j + m < c.count && c[j + m] == "`" { m += 1 }
                if m == n { return j }
                j += m
            } else {
                j += 1
            }
        }
        return nil
    }

    /// `[label](url)` starting at `start`: the label, the url and the index after `)`.
    private static func link(_ c: [Character], from start: Int) -> (String, String, Int)? {
        var depth = 0
        var j = start
        while j < c.count {
            if c[j] == "[" { depth += 1 }
            if c[j] == "]" { depth -= 1; if depth == 0 { break } }
            j += 1
        }
        guard j < c.count, j + 1 < c.count, c[j + 1] == "(", let close = c[(j + 1)...].firstIndex(of: ")") else { return nil }
        let label = String(c[(start + 1)..<j])
        let url = String(c[(j + 2)..<close]).trimmingWhitespace()
        let target = url.split(separator: " ").first.map(String.init) ?? url
        return (label, target, close + 1)
    }
}
