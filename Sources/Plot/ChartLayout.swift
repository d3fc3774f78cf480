import Foundation

/// Where everything of a `LineChart` goes: the data ranges, the ticks, the margins
/// and the mapping from data to pixels. Built once per render.
struct ChartLayout {
    let chart: LineChart
    /// Axis ranges in axis units (log10 of the value on a log axis).
    let xRange: (low: Double, high: Double)
    let yRange: (low: Double, high: Double)
    /// Smallest and largest finite x of the drawable points (the range before margins).
    let xData: (low: Double, high: Double)
    let xTicks: [Tick]
    /// Every n-th x tick gets its label (1 normally; more when even 4 labels are too wide for the plot).
    let xLabelStride: Int
    let yTicks: [Tick]
    let yMinorTicks: [Double]
    /// The plot area in pixels; its edges lie on whole pixels.
    let plot: Rect

    static let padding = 14.0
    static let tickLength = 5.0
    static let tickGap = 4.0
    /// Fractions of the data range added on both sides, so lines do not run into the frame
    /// (matplotlib adds 5 % on both axes; steps on x need less).
    static let xMargin = 0.02
    static let yMargin = 0.05

    init(chart: LineChart) throws {
        self.chart = chart
        guard (1...16384).contains(chart.width), (1...16384).contains(chart.height) else {
            throw PlotError.invalidSize(width: chart.width, height: chart.height,
                                        reason: "each side must be between 1 and 16384 pixels (300×200 or more to fit the labels)")
        }
        guard !chart.series.isEmpty else { throw PlotError.noDrawableData(reason: "the chart has no series") }
        for (index, series) in chart.series.enumerated() {
            let name = series.label ?? "#\(index + 1)"
            guard !series.y.isEmpty else {
                throw PlotError.invalidSeries(label: name, reason: "has no points; give it at least one value")
            }
            guard series.x.count == series.y.count else {
                throw PlotError.invalidSeries(label: name,
                                              reason: "has \(series.x.count) x values but \(series.y.count) y values")
            }
        }
        // Extents of the points that can be drawn.
        var xs: [Double] = [], ys: [Double] = []
        for series in chart.series {
            for (x, y) in zip(series.x, series.y) {
                guard let position = ChartLayout.axisValue(y, scale: chart.yScale), x.isFinite else { continue }
                xs.append(x)
                ys.append(position)
            }
        }
        guard let xMin = xs.min(), let xMax = xs.max(), let yMin = ys.min(), let yMax = ys.max() else {
            let why = chart.yScale == .log10 ? "no point has a finite x and a positive, finite y (log axis)"
                                             : "no point has finite x and y values"
            throw PlotError.noDrawableData(reason: why)
        }
        xData = (xMin, xMax)
        xRange = try ChartLayout.range(low: xMin, high: xMax, margin: ChartLayout.xMargin)
        yRange = try ChartLayout.range(low: yMin, high: yMax, margin: ChartLayout.yMargin)
        switch chart.yScale {
        case .linear:
            yTicks = Ticks.linear(low: yRange.low, high: yRange.high)
            yMinorTicks = []
        case .log10:
            yTicks = Ticks.logarithmic(lowExponent: yRange.low, highExponent: yRange.high)
            yMinorTicks = Ticks.logMinor(lowExponent: yRange.low, highExponent: yRange.high, major: yTicks)
        }

        // Margins that fit the labels.
        let font = BitmapFont.standard
        let text = Double(BitmapFont.cellHeight * chart.textScale)
        let widestYLabel = yTicks.map { Double(ChartLayout.tickLabelWidth($0, scale: chart.textScale)) }.max() ?? 0
        var left = ChartLayout.padding + widestYLabel + ChartLayout.tickLength + ChartLayout.tickGap
        if !chart.yLabel.isEmpty { left += text + 10 }
        var top = ChartLayout.padding + Double(BitmapFont.cellHeight * chart.titleScale) + 12
        if chart.subtitle != nil { top += text + 4 }
        var bottom = ChartLayout.padding + text + ChartLayout.tickLength + ChartLayout.tickGap
        if !chart.xLabel.isEmpty { bottom += text + 8 }
        // x ticks: as many as fit side by side with at least 2 character widths between labels.
        var xTicks = Ticks.linear(low: xRange.low, high: xRange.high)
        let widestXLabel = xTicks.map { Double(font.measure($0.label, scale: chart.textScale).width) }.max() ?? 0
        let roughPlotWidth = Double(chart.width) - left - ChartLayout.padding * 2 - widestXLabel / 2
        let labelRoom = widestXLabel + Double(2 * 6 * chart.textScale)
        if Double(xTicks.count) * labelRoom > roughPlotWidth {
            xTicks = Ticks.linear(low: xRange.low, high: xRange.high, maxCount: Int(roughPlotWidth / labelRoom))
        }
        self.xTicks = xTicks
        var stride = 1
        while stride < xTicks.count, Double(xTicks.count) / Double(stride) * labelRoom > roughPlotWidth { stride += 1 }
        xLabelStride = stride
        let lastXLabel = Double(xTicks.last.map { font.measure($0.label, scale: chart.textScale).width } ?? 0)
        let right = max(ChartLayout.padding * 2, lastXLabel / 2 + ChartLayout.padding)
        left = left.rounded(.up)
        top = top.rounded(.up)
        bottom = bottom.rounded(.up)
        let plotWidth = (Double(chart.width) - left - right.rounded(.up)).rounded(.down)
        let plotHeight = (Double(chart.height) - top - bottom).rounded(.down)
        guard plotWidth >= 60, plotHeight >= 40 else {
            throw PlotError.invalidSize(width: chart.width, height: chart.height,
                                        reason: "too small for the labels and margins; use at least 300×200")
        }
        plot = Rect(x: left, y: top, width: plotWidth, height: plotHeight)
    }

    /// The axis coordinate of a data value, or nil when it cannot be placed (gap).
    static func axisValue(_ value: Double, scale: AxisScale) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        }
    }

    /// The axis range for data in [low, high]: widened by `margin` of the span on both
    /// sides, or, for a (nearly) constant series, ±5 % of its value (±0.5 around 0).
    static func range(low: Double, high: Double, margin: Double) throws -> (low: Double, high: Double) {
        let span = high - low
        guard span.isFinite else {
            throw PlotError.noDrawableData(reason: "values span more than the largest double; rescale the data")
        }
        let size = max(abs(low), abs(high))
        if span <= size * 1e-12 || span == 0 {
            let center = (low + high) / 2
            let half = center == 0 ? 0.5 : abs(center) * 0.05
            return (center - half, center + half)
        }
        return (low - margin * span, high + margin * span)
    }

    /// Pixel x of a data x value (not clamped).
    func pixelX(_ x: Double) -> Double {
        plot.x + (x - xRange.low) / (xRange.high - xRange.low) * plot.width
    }

    /// Pixel y of a data y value, or nil when it cannot be placed (NaN, ±∞, ≤ 0 on a log axis).
    func pixelY(_ y: Double) -> Double? {
        guard let position = ChartLayout.axisValue(y, scale: chart.yScale) else { return nil }
        return plot.maxY - (position - yRange.low) / (yRange.high - yRange.low) * plot.height
    }

    /// Pixel position of a data point; non-finite when it cannot be drawn, which breaks the line.
    func pixel(x: Double, y: Double) -> Point {
        guard x.isFinite, let py = pixelY(y) else { return Point(x: .nan, y: .nan) }
        return Point(x: pixelX(x), y: py)
    }

    /// Centre of the pixel column or row nearest to a coordinate, so 1 px lines stay crisp.
    static func crisp(_ coordinate: Double) -> Double {
        coordinate.rounded(.down) + 0.5
    }
}
