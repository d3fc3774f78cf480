/// A line chart description: what to draw. `render()` turns it into pixels.
///
/// Defaults: 1200×600, white background, dark axes, 2 px lines, text in DejaVu Sans at
/// matplotlib's sizes for a 12×6 inch figure at 100 dpi (13.9 px labels, a 16.7 px title).
/// `scale` multiplies every pixel: scale 2 renders 2400×1200 with lines, text, margins
/// and ticks twice as large, for high-density screens (docs/charts.md).
public struct LineChart: Sendable {
    public var title: String
    public var subtitle: String?
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var yScale: AxisScale
    public var markers: [VerticalMarker]
    /// Size at scale 1; the image is `width · scale` by `height · scale` pixels.
    public var width: Int
    public var height: Int
    public var background: Color
    /// Pixels per unit of size: 1 for 1200×600, 2 for the same chart at 2400×1200.
    public var scale: Int
    /// x counts something (steps, epochs): ticks only at whole numbers, so four epochs
    /// are ticked 1, 2, 3, 4 and never 1.5.
    public var wholeX: Bool

    public init(title: String, subtitle: String? = nil, xLabel: String = "", yLabel: String = "",
                series: [Series] = [], yScale: AxisScale = .linear, markers: [VerticalMarker] = [],
                width: Int = 1200, height: Int = 600, background: Color = .white,
                scale: Int = 1, wholeX: Bool = false) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yScale = yScale
        self.markers = markers
        self.width = width
        self.height = height
        self.background = background
        self.scale = scale
        self.wholeX = wholeX
    }

    /// Draws the chart.
    /// - Throws: `PlotError` for an empty series, mismatched x/y lengths, no drawable value,
    ///   a size too small for the margins, a scale outside 1…4, or a FreeType failure.
    public func render() throws -> Canvas {
        try ChartLayout(chart: self).draw()
    }
}

/// How data values map to an axis.
public enum AxisScale: Sendable {
    case linear
    /// Position proportional to log10(value); values ≤ 0 cannot be placed and are skipped (gaps).
    case log10
}
