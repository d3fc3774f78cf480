/// Reads a Markdown lesson into prose blocks and cells.
///
/// Cells are CommonMark fenced code blocks whose info string starts with a step kind,
/// optionally followed by attributes in braces (```` ```fit {name=long-run} ````).
/// Fences inside block quotes, indented four spaces, or inside an HTML comment
/// (`<!-- ... -->`, how a teacher switches a cell off) are not fences (CommonMark), so
/// they stay prose. A misspelt step kind (```` ```fitt ````) is an error rather than
/// silently becoming prose, unless the word is a known code language.
public enum LessonParser {
    /// Attributes a cell's braces may carry.
    public static let attributeNames = ["name"]

    /// Info-string words that are code languages, so never reported as misspelt step
    /// kinds even when they are within edit distance 2 of one (`dart` ~ `data`).
    public static let languageNames: Set<String> = [
        "text", "txt", "plain", "plaintext", "python", "py", "python3", "pycon", "swift",
        "bash", "sh", "zsh", "fish", "shell", "console", "json", "yaml", "yml", "toml",
        "ini", "csv", "tsv", "diff", "c", "cpp", "h", "go", "rust", "r", "ruby", "java",
        "js", "javascript", "ts", "html", "css", "xml", "sql", "markdown", "md", "math",
        "latex", "tex", "dart", "bat", "vim", "lua", "perl", "php", "make", "cmake",
        "nix", "julia", "scala", "kotlin", "haskell", "elm", "modula", "output", "log",
        "keras", "numpy", "mermaid", "dot",
    ]

    /// Parses `text`, naming it `path` in messages. Throws the first error found.
    public static func parse(_ text: String, path: String) throws -> Lesson {
        let lines = splitLines(text)
        var blocks: [Lesson.Block] = []
        var prose: [String] = []
        var proseStart = 1
        var title: String?
        var cellNames: [String: Int] = [:]
        var cellCount = 0
        var openProseFence: Fence?
        var inComment = false

        func flushProse(before line: Int) {
            if !prose.isEmpty, prose.contains(where: { !$0.trimmingWhitespace().isEmpty }) {
                blocks.append(.prose(prose.joined(separator: "\n"), line: proseStart))
            }
            prose = []
            proseStart = line
        }
        func error(_ message: String, line: Int, column: Int) -> LessonError {
            LessonError(message, file: path, line: line, column: column,
                        sourceLine: line >= 1 && line <= lines.count ? lines[line - 1] : nil)
        }

        var i = 0
        while i < lines.count {
            let line = lines[i]
            let lineNumber = i + 1
            // Inside a non-cell fence everything is prose until it closes.
            if let fence = openProseFence {
                prose.append(line)
                if fence.isClosed(by: line) { openProseFence = nil }
                i += 1
                continue
            }
            // An HTML comment block runs to the line that closes it (CommonMark HTML block 2).
            if inComment || (line.prefix(while: { $0 == " " }).count <= 3 && line.trimmingWhitespace().hasPrefix("<!--")) {
                let opening = inComment ? line : String(line.drop(while: { $0 == " " }).dropFirst(4))
                inComment = !opening.contains("-->")
                prose.append(line)
                i += 1
                continue
            }
            if title == nil, let heading = atxHeading(line), heading.level == 1 {
                title = heading.text
            }
            guard let fence = Fence.opening(line) else {
                prose.append(line)
                i += 1
                continue
            }
            guard let header = try cellHeader(fence, line: lineNumber, error: error) else {
                prose.append(line)
                openProseFence = fence
                i += 1
                continue
            }
            // A cell: collect body lines up to the closing fence.
            var body: [Cell.Line] = []
            var j = i + 1
            var closing: Int?
            let fenceText = String(repeating: String(fence.character), count: fence.length)
            while j < lines.count {
                if fence.isClosed(by: lines[j]) { closing = j; break }
                // A cell fence inside a cell body almost surely means a forgotten close.
                if let inner = Fence.opening(lines[j]), inner.character == fence.character,
                   let kind = StepKind(rawValue: String(inner.info.prefix(while: { $0 != " " && $0 != "{" && $0 != "\t" }))) {
                    throw error("the \(header.kind.rawValue) cell opened here is not closed before the \(kind.rawValue) cell "
                                + "at line \(j + 1); add a line of \(fenceText) before it", line: lineNumber, column: fence.indentation + 1)
                }
                let stripped = fence.strip(lines[j])
                body.append(Cell.Line(fileLine: j + 1, removedIndentation: stripped.removed, text: stripped.text))
                j += 1
            }
            guard let closingIndex = closing else {
                throw error("the \(header.kind.rawValue) cell opened here is never closed; "
                            + "end it with a line of \(fenceText)", line: lineNumber, column: fence.indentation + 1)
            }
            cellCount += 1
            if let name = header.name {
                if let first = cellNames[name] {
                    throw error("two cells are named '\(name)' (the first is cell \(first)); "
                                + "cell names must be unique", line: lineNumber, column: fence.infoColumn)
                }
                cellNames[name] = cellCount
            }
            flushProse(before: lineNumber)
            blocks.append(.cell(Cell(index: cellCount, kind: header.kind, name: header.name,
                                     body: body.map(\.text).joined(separator: "\n"), file: path,
                                     fenceLine: lineNumber, closingLine: closingIndex + 1, lines: body)))
            i = closingIndex + 1
            proseStart = i + 1
        }
        flushProse(before: lines.count + 1)
        let slug = slugOf(path)
        return Lesson(path: path, title: title ?? slug, slug: slug, blocks: blocks, lines: lines)
    }

    /// The step kind and attributes of a cell fence, nil when the fence is prose.
    private static func cellHeader(
        _ fence: Fence, line: Int, error: (String, Int, Int) -> LessonError
    ) throws -> (kind: StepKind, name: String?)? {
        let info = Array(fence.info)
        var end = 0
        while end < info.count && info[end] != " " && info[end] != "\t" && info[end] != "{" { end += 1 }
        let word = String(info[..<end])
        guard let kind = StepKind(rawValue: word) else {
            let lowered = word.lowercased()
            if !word.isEmpty, word.allSatisfy({ $0.isLetter }), !languageNames.contains(lowered),
               let suggestion = Suggestion.closest(to: word, among: StepKind.allCases.map(\.rawValue)) {
                throw error("unknown step kind '\(word)' (did you mean '\(suggestion)'?)", line, fence.infoColumn)
            }
            return nil
        }
        let restStart = end
        let rest = String(info[restStart...]).trimmingWhitespace()
        if rest.isEmpty { return (kind, nil) }
        let restColumn = fence.infoColumn + restStart + (info[restStart...].prefix(while: { $0 == " " || $0 == "\t" }).count)
        guard rest.first == "{", let close = rest.lastIndex(of: "}") else {
            throw error("unexpected '\(rest)' after the step kind \(kind.rawValue); "
                        + "attributes go in braces: {name=long-run}", line, restColumn)
        }
        let after = rest[rest.index(after: close)...]
        guard after.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            throw error("unexpected text after the attributes' closing brace", line, restColumn)
        }
        let inside = String(rest[rest.index(after: rest.startIndex)..<close])
        let attributes = try parseAttributes(inside, line: line, column: restColumn + 1, error: error)
        var name: String?
        for attribute in attributes {
            guard attributeNames.contains(attribute.key) else {
                throw error("unknown cell attribute '\(attribute.key)'"
                            + Suggestion.hint(for: attribute.key, among: attributeNames,
                                              otherwise: "cells accept: " + attributeNames.joined(separator: ", ")),
                            line, attribute.column)
            }
            if name != nil {
                throw error("the attribute 'name' is given twice", line, attribute.column)
            }
            guard !attribute.value.isEmpty else {
                throw error("a cell name cannot be empty", line, attribute.column)
            }
            guard !attribute.value.allSatisfy(\.isNumber) else {
                throw error("a cell name cannot be a number ('\(attribute.value)' would be read as a cell index)",
                            line, attribute.column)
            }
            name = attribute.value
        }
        return (kind, name)
    }

    /// `key=value` pairs separated by spaces or commas; a value is a bare word or a
    /// double-quoted string (`\"` and `\\` escape).
    private static func parseAttributes(
        _ text: String, line: Int, column: Int, error: (String, Int, Int) -> LessonError
    ) throws -> [(key: String, value: String, column: Int)] {
        let c = Array(text)
        var i = 0
        var result: [(key: String, value: String, column: Int)] = []
        func isSeparator(_ ch: Character) -> Bool { ch == " " || ch == "\t" || ch == "," }
        while i < c.count {
            while i < c.count && isSeparator(c[i]) { i += 1 }
            guard i < c.count else { break }
            let keyColumn = column + i
            var key = ""
            while i < c.count && (c[i].isLetter || c[i].isNumber || c[i] == "_" || c[i] == "-") {
                key.append(c[i]); i += 1
            }
            guard !key.isEmpty, i < c.count, c[i] == "=" else {
                throw error("expected key=value in the cell's attributes, as in {name=long-run}", line, column + i)
            }
            i += 1
            var value = ""
            if i < c.count && c[i] == "\"" {
                i += 1
                var closed = false
                while i < c.count {
                    if c[i] == "\\" && i + 1 < c.count { value.append(c[i + 1]); i += 2; continue }
                    if c[i] == "\"" { closed = true; i += 1; break }
                    value.append(c[i]); i += 1
                }
                guard closed else { throw error("unterminated string in the cell's attributes", line, keyColumn) }
            } else {
                while i < c.count && !isSeparator(c[i]) && c[i] != "\"" { value.append(c[i]); i += 1 }
            }
            result.append((key, value, keyColumn))
        }
        return result
    }

    /// Lines without their terminators; "\r\n" (one Character in Swift) and "\r" count as line ends.
    public static func splitLines(_ text: String) -> [String] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// `(level, text)` of an ATX heading (`## Title ##`), nil otherwise.
    public static func atxHeading(_ line: String) -> (level: Int, text: String)? {
        let trimmed = Substring(line).drop(while: { $0 == " " })
        guard line.count - trimmed.count <= 3 else { return nil }
        let hashes = trimmed.prefix(while: { $0 == "#" }).count
        guard hashes >= 1 && hashes <= 6 else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = String(rest).trimmingWhitespace()
        // An optional closing sequence of #s preceded by a space is not part of the text.
        let withoutClosing = text.reversed().drop(while: { $0 == "#" })
        if withoutClosing.count < text.count, withoutClosing.isEmpty || withoutClosing.first == " " {
            text = String(withoutClosing.reversed()).trimmingWhitespace()
        }
        return (hashes, text)
    }

    /// `Lessons/01-sine-wave.md` → `01-sine-wave`.
    public static func slugOf(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }
}
