/// Where a text's anchor point sits on the text's box.
public enum TextAlignment: Sendable {
    case leading, center, trailing
}

/// Which horizontal line of the text's box sits on the anchor's y.
public enum TextBaseline: Sendable {
    /// The top of the line box (the height of "l" or of the tallest ink).
    case top
    /// Halfway between the baseline and the top of the line box, to centre a label on a
    /// tick (matplotlib's `center_baseline`).
    case capMiddle
    /// The bottom of the line box (the depth of "p" or of the lowest ink).
    case bottom
}

/// Anti-aliased text: a `TextRaster`'s coverage blended onto the canvas.
extension Canvas {
    /// Blends `raster` in `color` with the top-left of its ink box at pixel (x, y).
    public mutating func draw(_ raster: TextRaster, x: Int, y: Int, color: Color) {
        for row in 0..<raster.height {
            for column in 0..<raster.width {
                let value = raster.coverage[row * raster.width + column]
                if value > 0 { blend(x: x + column, y: y + row, color: color, coverage: Double(value) / 255) }
            }
        }
    }

    /// Blends `raster` turned 90° counter-clockwise (read bottom to top, as a y-axis label),
    /// the top-left of the turned ink box at (x, y): it is `raster.height` wide and `raster.width` tall.
    public mutating func drawRotated(_ raster: TextRaster, x: Int, y: Int, color: Color) {
        for row in 0..<raster.height {
            for column in 0..<raster.width {
                let value = raster.coverage[row * raster.width + column]
                // Counter-clockwise: (column, row) goes to (row, width − 1 − column).
                if value > 0 {
                    blend(x: x + row, y: y + raster.width - 1 - column, color: color, coverage: Double(value) / 255)
                }
            }
        }
    }

    /// Draws a laid-out text placed by an anchor point; returns its line box.
    @discardableResult
    public mutating func draw(_ raster: TextRaster, anchor: Point, alignment: TextAlignment,
                              baseline: TextBaseline, color: Color) -> Rect {
        let box = raster.box(anchor: anchor, alignment: alignment, baseline: baseline)
        draw(raster, x: Int(box.x), y: Int(box.y) + raster.ascent - raster.inkTop, color: color)
        return box
    }
}

extension TextRaster {
    /// The line box (ink width × ascent + descent) placed by an anchor, on whole pixels:
    /// the ink is drawn from its top-left corner, the baseline `ascent` rows below its top.
    public func box(anchor: Point, alignment: TextAlignment, baseline: TextBaseline) -> Rect {
        let x: Double
        switch alignment {
        case .leading: x = anchor.x
        case .center: x = anchor.x - Double(width) / 2
        case .trailing: x = anchor.x - Double(width)
        }
        let y: Double
        switch baseline {
        case .top: y = anchor.y
        case .capMiddle: y = anchor.y - Double(ascent) / 2
        case .bottom: y = anchor.y - Double(ascent + descent)
        }
        return Rect(x: x.rounded(), y: y.rounded(), width: Double(width), height: Double(ascent + descent))
    }
}
