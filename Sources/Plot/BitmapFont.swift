/// A fixed bitmap font, drawn at integer scales only so that every stroke stays
/// on whole pixels (crisp at 1x, 2x, 3x ...).
///
/// Metrics at 1x: a cell is 12 px tall; capitals and digits are 9 px tall (rows
/// 0–8), descenders use rows 9–11; glyphs are 1–7 px wide with 1 px between glyphs.
public struct BitmapFont: Sendable {
    /// One character's ink: `rows[r][c]` is true where the glyph is drawn.
    public struct Glyph: Equatable, Sendable {
        public let width: Int
        public let rows: [[Bool]]
    }

    public static let cellHeight = 12
    /// Height of capitals and digits above the baseline.
    public static let capHeight = 9
    public static let letterSpacing = 1
    public static let spaceWidth = 3

    public let glyphs: [Character: Glyph]

    /// The project's font (`FontGlyphs.swift`). The sheet is checked by the font tests;
    /// were it malformed, text would fall back to the replacement box rather than trap.
    public static let standard: BitmapFont = (try? BitmapFont(sheet: standardGlyphSheet)) ?? BitmapFont(glyphs: [:])

    init(glyphs: [Character: Glyph]) {
        self.glyphs = glyphs
    }

    /// Drawn for a character the font lacks: a hollow box the size of a capital.
    public static let replacement: Glyph = {
        let width = 5
        let rows = (0..<cellHeight).map { row -> [Bool] in
            guard row < capHeight else { return Array(repeating: false, count: width) }
            if row == 0 || row == capHeight - 1 { return Array(repeating: true, count: width) }
            return (0..<width).map { $0 == 0 || $0 == width - 1 }
        }
        return Glyph(width: width, rows: rows)
    }()

    /// Parses a glyph sheet (format described beside `standardGlyphSheet`).
    /// - Throws: `FontSheetError` naming the block and the problem.
    public init(sheet: String) throws {
        var glyphs: [Character: Glyph] = [:]
        let lines = sheet.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            if lines[index].trimmingWhitespace().isEmpty {
                index += 1
                continue
            }
            let header = lines[index].split(separator: " ").map(String.init)
            let characters = header.compactMap { $0.count == 1 ? $0.first : nil }
            guard characters.count == header.count else {
                throw FontSheetError(line: index + 1, reason: "header tokens must be single characters")
            }
            guard index + BitmapFont.cellHeight < lines.count else {
                throw FontSheetError(line: index + 1, reason: "block needs \(BitmapFont.cellHeight) rows")
            }
            var rows = [[[Bool]]](repeating: [], count: characters.count)
            for row in 1...BitmapFont.cellHeight {
                let tokens = lines[index + row].split(separator: " ")
                guard tokens.count == characters.count else {
                    throw FontSheetError(line: index + row + 1,
                                         reason: "expected \(characters.count) glyph rows, found \(tokens.count)")
                }
                for (slot, token) in tokens.enumerated() {
                    guard token.allSatisfy({ $0 == "#" || $0 == "." }) else {
                        throw FontSheetError(line: index + row + 1, reason: "only '#' and '.' may draw a glyph")
                    }
                    rows[slot].append(token.map { $0 == "#" })
                }
            }
            for (slot, character) in characters.enumerated() {
                let width = rows[slot].first?.count ?? 0
                guard width > 0, rows[slot].allSatisfy({ $0.count == width }) else {
                    throw FontSheetError(line: index + 1, reason: "rows of '\(character)' differ in width")
                }
                guard glyphs[character] == nil else {
                    throw FontSheetError(line: index + 1, reason: "'\(character)' is drawn twice")
                }
                glyphs[character] = Glyph(width: width, rows: rows[slot])
            }
            index += BitmapFont.cellHeight + 1
        }
        self.glyphs = glyphs
    }

    /// The glyph drawn for `character`: its own, a blank for a space, else the replacement box.
    public func glyph(for character: Character) -> Glyph {
        if let glyph = glyphs[character] { return glyph }
        if character == " " {
            let blank = Array(repeating: false, count: BitmapFont.spaceWidth)
            return Glyph(width: BitmapFont.spaceWidth, rows: Array(repeating: blank, count: BitmapFont.cellHeight))
        }
        return BitmapFont.replacement
    }

    /// Size of one line of text in pixels at integer `scale`: width is the sum of glyph
    /// widths plus 1 px spacing between glyphs; height is the 12 px cell (both times scale).
    public func measure(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let scale = max(1, scale)
        var width = 0
        for (offset, character) in text.enumerated() {
            width += glyph(for: character).width + (offset > 0 ? BitmapFont.letterSpacing : 0)
        }
        return (width * scale, BitmapFont.cellHeight * scale)
    }
}

/// A malformed glyph sheet: the line (1-based, within the sheet) and what is wrong.
public struct FontSheetError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String
    public var description: String { "glyph sheet line \(line): \(reason)" }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
