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
    /// Pixels per unit of size (`chart.scale`): every length below is multiplied by it.
    let unit: Double
    /// Every word of the chart outside the legend and the markers, laid out (ChartText.swift).
    let texts: ChartTexts
    /// The legend's size, and whether it stands right of the plot (`legendOutsideFrom`
    /// entries or more) instead of in a corner of it.
    let legendSize: (width: Double, height: Double)?
    let legendOutside: Bool

    /// Lengths at scale 1, in pixels.
    static let padding = 14.0
    /// Outward tick marks: 5 px long (matplotlib's 3.5 pt is 4.9 px), labels 5 px beyond them.
    static let tickLength = 5.0
    static let tickGap = 5.0
    /// Between the tick labels and the axis label (matplotlib's `labelpad`, 4 pt = 5.6 px).
    static let labelGap = 6.0
    /// Between the title (and subtitle) and the plot (matplotlib's `titlepad`, 6 pt = 8.3 px).
    static let titleGap = 8.0
    /// Fractions of the data range added on both sides, so lines do not run into the frame
    /// (matplotlib adds 5 % on both axes; steps on x need less).
    static let xMargin = 0.02
    static let yMargin = 0.05
    /// Largest `LineChart.scale`: 4 × 1200 px is already past most screens.
    static let scales = 1...4

    init(chart: LineChart) throws {
        self.chart = chart
        guard ChartLayout.scales.contains(chart.scale) else {
            throw PlotError.invalidSize(width: chart.width, height: chart.height,
                                        reason: "scale \(chart.scale) is outside \(ChartLayout.scales.lowerBound)…\(ChartLayout.scales.upperBound)")
        }
        guard (1...16384).contains(chart.width * chart.scale), (1...16384).contains(chart.height * chart.scale) else {
            throw PlotError.invalidSize(width: chart.width, height: chart.height,
                                        reason: "each side times the scale must be between 1 and 16384 pixels (300×200 or more to fit the labels)")
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
        let unit = Double(chart.scale)
        self.unit = unit
        let font = TextFont.label(scale: chart.scale)
        let yTickLabels = try yTicks.map { try ChartTexts.tickLabel($0, font: font) }
        let yLabel = chart.yLabel.isEmpty ? nil : try TextRaster(chart.yLabel, font: font)
        let xLabel = chart.xLabel.isEmpty ? nil : try TextRaster(chart.xLabel, font: font)
        let title = try TextRaster(chart.title, font: .title(scale: chart.scale))
        let subtitle = try chart.subtitle.map { try TextRaster($0, font: font) }
        let widestYLabel = Double(yTickLabels.map(\.width).max() ?? 0)
        var left = (ChartLayout.padding + ChartLayout.tickLength + ChartLayout.tickGap) * unit + widestYLabel
        if let yLabel { left += Double(yLabel.ascent + yLabel.descent) + ChartLayout.labelGap * unit }
        var top = ChartLayout.padding * unit + Double(title.ascent + title.descent) + ChartLayout.titleGap * unit
        if let subtitle { top += Double(subtitle.ascent + subtitle.descent) + 4 * unit }
        var xTicks = Ticks.linear(low: xRange.low, high: xRange.high, whole: chart.wholeX)
        var xTickLabels = try xTicks.map { try TextRaster($0.label, font: font) }
        let xLabelHeight = Double(xTickLabels.map { $0.ascent + $0.descent }.max() ?? 0)
        var bottom = (ChartLayout.padding + ChartLayout.tickLength + ChartLayout.tickGap) * unit + xLabelHeight
        if let xLabel { bottom += Double(xLabel.ascent + xLabel.descent) + ChartLayout.labelGap * unit }
        // x ticks: as many as fit side by side with at least two ems between labels.
        let widestXLabel = Double(xTickLabels.map(\.width).max() ?? 0)
        let roughPlotWidth = Double(chart.width) * unit - left - ChartLayout.padding * 2 * unit - widestXLabel / 2
        let labelRoom = widestXLabel + 2 * font.pixelsPerEm
        if Double(xTicks.count) * labelRoom > roughPlotWidth {
            xTicks = Ticks.linear(low: xRange.low, high: xRange.high, maxCount: Int(roughPlotWidth / labelRoom), whole: chart.wholeX)
            xTickLabels = try xTicks.map { try TextRaster($0.label, font: font) }
        }
        self.xTicks = xTicks
        var stride = 1
        while stride < xTicks.count, Double(xTicks.count) / Double(stride) * labelRoom > roughPlotWidth { stride += 1 }
        xLabelStride = stride
        let lastXLabel = Double(xTickLabels.last?.width ?? 0)
        var right = max(ChartLayout.padding * 2 * unit, lastXLabel / 2 + ChartLayout.padding * unit)
        legendSize = try ChartLayout.legendSize(chart)
        legendOutside = chart.series.filter { $0.label != nil }.count >= ChartLayout.legendOutsideFrom
        if legendOutside, let legendSize {
            right = max(right, legendSize.width + 2 * ChartLayout.legendMargin * unit)
        }
        left = left.rounded(.up)
        top = top.rounded(.up)
        bottom = bottom.rounded(.up)
        let plotWidth = (Double(chart.width) * unit - left - right.rounded(.up)).rounded(.down)
        let plotHeight = (Double(chart.height) * unit - top - bottom).rounded(.down)
        guard plotWidth >= 60 * unit, plotHeight >= 40 * unit else {
            throw PlotError.invalidSize(width: chart.width, height: chart.height,
                                        reason: "too small for the labels and margins; use at least 300×200")
        }
        plot = Rect(x: left, y: top, width: plotWidth, height: plotHeight)
        texts = ChartTexts(title: title, subtitle: subtitle, xLabel: xLabel, yLabel: yLabel,
                           xTickLabels: xTickLabels, yTickLabels: yTickLabels)
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

    /// The centre of a line `width` pixels wide (a whole number) nearest to `coordinate`
    /// whose edges fall on pixel edges, so that 1 px lines at scale 1 and 2 px lines at
    /// scale 2 stay crisp: 1 px lines centre on pixel centres, 2 px lines on pixel edges.
    static func crisp(_ coordinate: Double, width: Double = 1) -> Double {
        (coordinate - width / 2).rounded() + width / 2
    }
}
