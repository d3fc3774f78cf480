/// Where a text's anchor point sits on the text's box.
public enum TextAlignment: Sendable {
    case leading, center, trailing
}

/// Which horizontal line of the text sits on the anchor's y.
public enum TextBaseline: Sendable {
    /// The top of the 12-row cell.
    case top
    /// The middle of the capitals (rows 0–8), to centre a label on a tick.
    case capMiddle
    /// The bottom of the 12-row cell (below descenders).
    case bottom
}

/// Bitmap text: every inked glyph pixel becomes a `scale`×`scale` block of full
/// coverage, so text is never blurred.
extension Canvas {
    /// Extra width of bold text: the glyphs are struck twice, this many pixels apart.
    public static func boldOffset(scale: Int) -> Int { max(1, scale / 2) }

    /// Draws one line of `text` with its top-left corner at pixel (x, y). Bold text is
    /// struck a second time `boldOffset(scale:)` pixels to the right: thicker verticals,
    /// still on whole pixels.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, bold: Bool = false,
                                  color: Color, font: BitmapFont = .standard) {
        let scale = max(1, scale)
        if bold { drawText(text, x: x + Canvas.boldOffset(scale: scale), y: y, scale: scale, color: color, font: font) }
        var penX = x
        for character in text {
            let glyph = font.glyph(for: character)
            for (row, bits) in glyph.rows.enumerated() {
                for (column, ink) in bits.enumerated() where ink {
                    fillBlock(x: penX + column * scale, y: y + row * scale, size: scale, color: color)
                }
            }
            penX += (glyph.width + BitmapFont.letterSpacing) * scale
        }
    }

    /// Draws `text` placed by an anchor point, alignment and baseline.
    public mutating func drawText(_ text: String, anchor: Point, alignment: TextAlignment,
                                  baseline: TextBaseline, scale: Int = 1, bold: Bool = false, color: Color,
                                  font: BitmapFont = .standard) {
        var size = font.measure(text, scale: scale)
        if bold { size.width += Canvas.boldOffset(scale: scale) }
        let origin = Canvas.textOrigin(size: size, anchor: anchor, alignment: alignment,
                                       baseline: baseline, scale: scale)
        drawText(text, x: origin.x, y: origin.y, scale: scale, bold: bold, color: color, font: font)
    }

    /// Draws `text` turned 90° counter-clockwise (read from bottom to top, as a y-axis
    /// label). The rotated box is `height` wide and `width` tall; (x, y) is its top-left.
    public mutating func drawTextRotated(_ text: String, x: Int, y: Int, scale: Int = 1,
                                         color: Color, font: BitmapFont = .standard) {
        let scale = max(1, scale)
        let length = font.measure(text, scale: 1).width
        var pen = 0  // position along the text at 1x
        for character in text {
            let glyph = font.glyph(for: character)
            for (row, bits) in glyph.rows.enumerated() {
                for (column, ink) in bits.enumerated() where ink {
                    // Unrotated (u, v) = (pen + column, row) maps to (v, length − 1 − u).
                    let u = pen + column
                    fillBlock(x: x + row * scale, y: y + (length - 1 - u) * scale, size: scale, color: color)
                }
            }
            pen += glyph.width + BitmapFont.letterSpacing
        }
    }

    /// Top-left corner of a text box of `size` placed by anchor, alignment and baseline.
    static func textOrigin(size: (width: Int, height: Int), anchor: Point, alignment: TextAlignment,
                           baseline: TextBaseline, scale: Int) -> (x: Int, y: Int) {
        let x: Double
        switch alignment {
        case .leading: x = anchor.x
        case .center: x = anchor.x - Double(size.width) / 2
        case .trailing: x = anchor.x - Double(size.width)
        }
        let y: Double
        switch baseline {
        case .top: y = anchor.y
        case .capMiddle: y = anchor.y - Double(BitmapFont.capHeight * max(1, scale)) / 2
        case .bottom: y = anchor.y - Double(size.height)
        }
        return (Int(x.rounded()), Int(y.rounded()))
    }

    private mutating func fillBlock(x: Int, y: Int, size: Int, color: Color) {
        for py in y..<(y + size) {
            for px in x..<(x + size) { blend(x: px, y: py, color: color, coverage: 1) }
        }
    }
}
