/// A size of chart text, in matplotlib's terms: points at 100 dpi (one chart pixel at
/// scale 1 is 1/100 inch), times the chart's scale. 10 pt at 100 dpi is 13.9 pixels per em.
public struct TextFont: Equatable, Hashable, Sendable {
    public var points: Double
    /// 1 for the standard 1200×600 chart, 2 for the same chart at twice the pixels.
    public var scale: Int

    public init(points: Double, scale: Int = 1) {
        self.points = points
        self.scale = max(1, scale)
    }

    /// Dots per inch FreeType renders at: 100 per unit of scale.
    public var dpi: Int { 100 * scale }

    /// The em size in pixels: points · dpi / 72.
    public var pixelsPerEm: Double { points * Double(dpi) / 72 }

    /// Titles: matplotlib's `axes.titlesize: large`, 1.2 × 10 pt = 16.7 px at scale 1.
    public static func title(scale: Int = 1) -> TextFont { TextFont(points: 12, scale: scale) }
    /// Axis labels, tick labels, legend, subtitle and marker labels: matplotlib's
    /// `font.size: 10`, 13.9 px at scale 1.
    public static func label(scale: Int = 1) -> TextFont { TextFont(points: 10, scale: scale) }

    /// The raised exponent of "10ᵏ": 70 % of the base, matplotlib mathtext's shrink factor.
    public var superscript: TextFont { TextFont(points: points * 0.7, scale: scale) }
}
