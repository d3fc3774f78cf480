/// One line of text laid out by FreeType and rasterised: 8-bit coverage of its ink,
/// with the baseline and the line box it sits in.
///
/// Layout follows matplotlib's Agg backend: glyphs advance by their exact (unhinted)
/// widths plus the font's kerning, each glyph rasterised at its sub-pixel pen position;
/// the line box reaches at least as high as "l" and as low as "p", so that labels of
/// one row line up whatever their letters.
public struct TextRaster: Sendable {
    /// Size of the ink box in pixels; `coverage` holds `height` rows of `width` bytes.
    public let width: Int
    public let height: Int
    public let coverage: [UInt8]
    /// Rows of ink above the baseline: the raster's top row is `inkTop` rows above it.
    public let inkTop: Int
    /// Height of the line box above and below the baseline: at least the ink, at least "lp".
    public let ascent: Int
    public let descent: Int

    /// Lays out and rasterises `text` in DejaVu Sans at `font`'s size.
    /// - Throws: `PlotError.fontError` if FreeType fails.
    public init(_ text: String, font: TextFont) throws {
        let pieces = try TextRaster.withFace { face in
            try face.setSize(points: font.points, dpi: font.dpi)
            return (text: try TextRaster.glyphs(text, face: face), lp: try TextRaster.glyphs("lp", face: face))
        }
        self.init(pieces: pieces.text.glyphs, minimumLine: TextRaster.extent(of: pieces.lp.glyphs))
    }

    /// "10" with a raised exponent ("10⁻²"), as matplotlib's mathtext sets a log axis' decade
    /// in DejaVu Sans: the exponent at 70 % of the size, its baseline raised `sup1` = 0.755
    /// x-heights (845.824 / 1120 font units), 0.025 x-heights (`delta`, shrunk by 0.7) after the base.
    public static func power(base: String, exponent: String, font: TextFont) throws -> TextRaster {
        let small = font.superscript
        let pieces = try withFace { face -> (base: [Placed], exponent: [Placed], lp: [Placed], xHeight: Double) in
            try face.setSize(points: font.points, dpi: font.dpi)
            let base = try glyphs(base, face: face)
            let lp = try glyphs("lp", face: face).glyphs
            let x = try glyphs("x", face: face).glyphs
            let xHeight = Double(x.first?.bitmap.top ?? 0)
            let gap = Int((xHeight * 0.025 * 0.7 * 64).rounded())
            try face.setSize(points: small.points, dpi: small.dpi)
            let exponent = try glyphs(exponent, face: face, penStart: base.advance + gap)
            return (base.glyphs, exponent.glyphs, lp, xHeight)
        }
        let raise = Int((pieces.xHeight * 845.824 / 1120).rounded())
        let raised = pieces.exponent.map { Placed(bitmap: $0.bitmap, x: $0.x, top: $0.top + raise) }
        return TextRaster(pieces: pieces.base + raised, minimumLine: extent(of: pieces.lp))
    }

    /// Coverage at (x, y) of the ink box, 0 outside it.
    public func coverage(x: Int, y: Int) -> UInt8 {
        guard x >= 0, y >= 0, x < width, y < height else { return 0 }
        return coverage[y * width + x]
    }

    /// A glyph bitmap and where it goes: `x` from the text's pen origin to its first column,
    /// `top` rows from its first row down to the baseline.
    struct Placed {
        let bitmap: GlyphBitmap
        let x: Int
        let top: Int
    }

    private init(pieces: [Placed], minimumLine: (left: Int, right: Int, top: Int, bottom: Int)) {
        let ink = TextRaster.extent(of: pieces)
        width = max(0, ink.right - ink.left)
        height = max(0, ink.bottom + ink.top)
        inkTop = ink.top
        ascent = max(ink.top, minimumLine.top)
        descent = max(ink.bottom, minimumLine.bottom)
        var coverage = [UInt8](repeating: 0, count: width * height)
        for piece in pieces {
            let bitmap = piece.bitmap
            for row in 0..<bitmap.rows {
                let y = ink.top - piece.top + row
                for column in 0..<bitmap.width {
                    let value = bitmap.coverage[row * bitmap.width + column]
                    let index = y * width + piece.x - ink.left + column
                    // Overlapping glyphs (a kerned pair) keep the darker coverage.
                    if value > coverage[index] { coverage[index] = value }
                }
            }
        }
        self.coverage = coverage
    }

    /// The union of the pieces' ink: columns from the pen origin, rows above and below the baseline.
    static func extent(of pieces: [Placed]) -> (left: Int, right: Int, top: Int, bottom: Int) {
        let inked = pieces.filter { $0.bitmap.width > 0 && $0.bitmap.rows > 0 }
        guard !inked.isEmpty else { return (0, 0, 0, 0) }
        return (inked.map(\.x).min() ?? 0, inked.map { $0.x + $0.bitmap.width }.max() ?? 0,
                inked.map(\.top).max() ?? 0, inked.map { $0.bitmap.rows - $0.top }.max() ?? 0)
    }

    /// Each character's glyph at its pen position: kerning before it, its advance after.
    /// Positions are in 1/64 pixels; `penStart` continues a line (an exponent after its base).
    static func glyphs(_ text: String, face: FreeTypeFace, penStart: Int = 0) throws -> (glyphs: [Placed], advance: Int) {
        var placed: [Placed] = []
        var pen = penStart
        var previous: UInt32 = 0
        for scalar in text.unicodeScalars {
            let glyph = face.glyphIndex(scalar)
            pen += try face.kerning(left: previous, right: glyph)
            // Whole pixels by an arithmetic shift (floor also for a negative pen), the rest sub-pixel.
            let rendered = try face.render(glyph: glyph, subpixel: pen & 63)
            placed.append(Placed(bitmap: rendered.bitmap, x: (pen >> 6) + rendered.bitmap.left, top: rendered.bitmap.top))
            pen += rendered.advance
            previous = glyph
        }
        return (placed, pen)
    }

    private static func withFace<Result>(_ body: (FreeTypeFace) throws -> Result) throws -> Result {
        try FreeTypeFace.dejaVuSans.get().withFace(body)
    }
}
