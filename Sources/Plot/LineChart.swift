/// A line chart description: what to draw. `render()` turns it into pixels.
///
/// Defaults: 1200×600, white background, dark axes, 2 px lines,
/// text at 2x (18 px capitals, still readable when the image is shown at half size), title
/// at 2x in bold (3x looked blocky).
public struct LineChart: Sendable {
    public var title: String
    public var subtitle: String?
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var yScale: AxisScale
    public var markers: [VerticalMarker]
    public var width: Int
    public var height: Int
    public var background: Color
    /// Integer scale of the (bold) title; other text is drawn at `textScale`.
    public var titleScale: Int
    public var textScale: Int

    public init(title: String, subtitle: String? = nil, xLabel: String = "", yLabel: String = "",
                series: [Series] = [], yScale: AxisScale = .linear, markers: [VerticalMarker] = [],
                width: Int = 1200, height: Int = 600, background: Color = .white,
                titleScale: Int = 2, textScale: Int = 2) {
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
        self.titleScale = titleScale
        self.textScale = textScale
    }

    /// Draws the chart.
    /// - Throws: `PlotError` for an empty series, mismatched x/y lengths, no drawable value,
    ///   or a size too small for the margins.
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
