/// Drawing a laid-out chart, back to front: grid, markers, data, frame and ticks, text, legend.
extension ChartLayout {
    static let frameColor = Color(hex: 0x404040)
    static let subtitleColor = Color(hex: 0x595959)
    static let legendBorder = Color(hex: 0xCCCCCC)

    func draw() throws -> Canvas {
        var canvas = Canvas(width: chart.width, height: chart.height, background: chart.background)
        let scale = chart.textScale
        let ink = Color.ink

        // Grid: 1 px lines on whole pixels at the labelled ticks.
        for tick in xTicks {
            let x = ChartLayout.crisp(pixelX(tick.value))
            canvas.strokeLine(from: Point(x: x, y: plot.y), to: Point(x: x, y: plot.maxY), width: 1,
                              color: .gridLine, clip: plot)
        }
        for tick in yTicks {
            guard let y = pixelY(tick.value).map(ChartLayout.crisp) else { continue }
            canvas.strokeLine(from: Point(x: plot.x, y: y), to: Point(x: plot.maxX, y: y), width: 1,
                              color: .gridLine, clip: plot)
        }

        // Vertical markers: dashed lines behind the data, labels at the top.
        for marker in chart.markers where marker.x.isFinite {
            let x = ChartLayout.crisp(pixelX(marker.x))
            guard x > plot.x, x < plot.maxX else { continue }
            canvas.strokeLine(from: Point(x: x, y: plot.y), to: Point(x: x, y: plot.maxY), width: 1.5,
                              color: marker.color, clip: plot, dash: (on: 6, off: 4))
            if let label = marker.label, let box = markerLabelBox(marker) {
                canvas.fillRect(box, color: chart.background.withOpacity(0.85))
                canvas.drawText(label, x: Int(box.x) + 3, y: Int(box.y) + 2, scale: scale, color: ink)
            }
        }

        // Data, clipped to the plot area.
        for series in chart.series {
            let points = zip(series.x, series.y).map { pixel(x: $0, y: $1) }
            canvas.strokePolyline(points, width: series.width, color: series.color, clip: plot, dash: series.dash)
        }

        // Frame (all four sides, just outside the plot area) and outward ticks.
        let frame = Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2)
        canvas.fillRect(Rect(x: frame.x, y: frame.y, width: frame.width, height: 1), color: ChartLayout.frameColor)
        canvas.fillRect(Rect(x: frame.x, y: frame.maxY - 1, width: frame.width, height: 1), color: ChartLayout.frameColor)
        canvas.fillRect(Rect(x: frame.x, y: frame.y, width: 1, height: frame.height), color: ChartLayout.frameColor)
        canvas.fillRect(Rect(x: frame.maxX - 1, y: frame.y, width: 1, height: frame.height), color: ChartLayout.frameColor)
        let tickTop = frame.maxY
        for (index, tick) in xTicks.enumerated() {
            let x = ChartLayout.crisp(pixelX(tick.value)).rounded(.down)
            canvas.fillRect(Rect(x: x, y: tickTop, width: 1, height: ChartLayout.tickLength), color: ChartLayout.frameColor)
            guard index % xLabelStride == 0 else { continue }
            canvas.drawText(tick.label, anchor: Point(x: x + 0.5, y: tickTop + ChartLayout.tickLength + ChartLayout.tickGap),
                            alignment: .center, baseline: .top, scale: scale, color: ink)
        }
        let tickRight = frame.x
        for tick in yTicks {
            guard let y = pixelY(tick.value).map({ ChartLayout.crisp($0).rounded(.down) }) else { continue }
            canvas.fillRect(Rect(x: tickRight - ChartLayout.tickLength, y: y, width: ChartLayout.tickLength, height: 1),
                            color: ChartLayout.frameColor)
            ChartLayout.drawTickLabel(tick, on: &canvas, right: tickRight - ChartLayout.tickLength - ChartLayout.tickGap,
                                      middle: y + 0.5, scale: scale, color: ink)
        }
        for value in yMinorTicks {
            guard let y = pixelY(value).map({ ChartLayout.crisp($0).rounded(.down) }) else { continue }
            canvas.fillRect(Rect(x: tickRight - 3, y: y, width: 3, height: 1), color: ChartLayout.frameColor)
        }

        // Axis labels, title, subtitle.
        let font = BitmapFont.standard
        if !chart.xLabel.isEmpty {
            canvas.drawText(chart.xLabel, anchor: Point(x: plot.x + plot.width / 2, y: Double(chart.height) - ChartLayout.padding),
                            alignment: .center, baseline: .bottom, scale: scale, color: ink)
        }
        if !chart.yLabel.isEmpty {
            let length = Double(font.measure(chart.yLabel, scale: scale).width)
            canvas.drawTextRotated(chart.yLabel, x: Int(ChartLayout.padding),
                                   y: Int((plot.y + plot.height / 2 - length / 2).rounded()), scale: scale, color: ink)
        }
        canvas.drawText(chart.title, anchor: Point(x: plot.x + plot.width / 2, y: ChartLayout.padding),
                        alignment: .center, baseline: .top, scale: chart.titleScale, bold: true, color: ink)
        if let subtitle = chart.subtitle {
            let y = ChartLayout.padding + Double(BitmapFont.cellHeight * chart.titleScale) + 4
            canvas.drawText(subtitle, anchor: Point(x: plot.x + plot.width / 2, y: y),
                            alignment: .center, baseline: .top, scale: scale, color: ChartLayout.subtitleColor)
        }
        drawLegend(on: &canvas)
        return canvas
    }

    /// Scale of the raised exponent in a "10^k" label: one step smaller than the text.
    static func powerScale(_ scale: Int) -> Int { max(1, scale - 1) }

    /// Width in pixels of a tick label: plain text, or "10" plus a raised exponent.
    static func tickLabelWidth(_ tick: Tick, scale: Int) -> Int {
        let font = BitmapFont.standard
        guard let power = tick.power else { return font.measure(tick.label, scale: scale).width }
        return font.measure("10", scale: scale).width + scale + font.measure(exponentText(power), scale: powerScale(scale)).width
    }

    static func exponentText(_ power: Int) -> String {
        (power < 0 ? Ticks.minus : "") + String(power.magnitude)
    }

    /// Draws a y tick label right-aligned at `right`, centred on `middle` (the tick's row);
    /// a decade of a log axis is drawn as "10" with its exponent raised, as in print.
    static func drawTickLabel(_ tick: Tick, on canvas: inout Canvas, right: Double, middle: Double,
                              scale: Int, color: Color) {
        guard let power = tick.power else {
            canvas.drawText(tick.label, anchor: Point(x: right, y: middle), alignment: .trailing,
                            baseline: .capMiddle, scale: scale, color: color)
            return
        }
        let width = tickLabelWidth(tick, scale: scale)
        let left = Int((right - Double(width)).rounded())
        let top = Int((middle - Double(BitmapFont.capHeight * scale) / 2).rounded())
        canvas.drawText("10", x: left, y: top, scale: scale, color: color)
        let small = powerScale(scale)
        // The exponent's capitals end a little above the middle of the base's capitals.
        canvas.drawText(exponentText(power), x: left + BitmapFont.standard.measure("10", scale: scale).width + scale,
                        y: top - (BitmapFont.capHeight * small) / 2, scale: small, color: color)
    }

    /// Where a marker's label goes: at the top of the plot, right of the line unless it
    /// would leave the plot, on a translucent box (3 px padding) so data lines do not cross the text.
    func markerLabelBox(_ marker: VerticalMarker) -> Rect? {
        guard let label = marker.label, marker.x.isFinite else { return nil }
        let x = ChartLayout.crisp(pixelX(marker.x))
        guard x > plot.x, x < plot.maxX else { return nil }
        let size = BitmapFont.standard.measure(label, scale: chart.textScale)
        let width = Double(size.width + 6), height = Double(BitmapFont.capHeight * chart.textScale + 4)
        let rightSide = x + 4 + width < plot.maxX - 2
        return Rect(x: (rightSide ? x + 4 : x - 4 - width).rounded(), y: plot.y + 6, width: width, height: height)
    }

    /// The legend's box and rows, placed in the corner of the plot that hides the least data.
    func legendPlacement() -> (box: Rect, entries: [Series])? {
        let entries = chart.series.filter { $0.label != nil }
        guard !entries.isEmpty else { return nil }
        let scale = Double(chart.textScale)
        let rowHeight = Double(BitmapFont.cellHeight) * scale + 6
        let widest = entries.map { Double(BitmapFont.standard.measure($0.label ?? "", scale: chart.textScale).width) }.max() ?? 0
        let boxWidth = (10 + 28 + 8 + widest + 10).rounded(.up)
        let boxHeight = (8 + Double(entries.count) * rowHeight - 6 + 8).rounded(.up)
        let inset = 10.0
        let corners = [
            Rect(x: plot.maxX - inset - boxWidth, y: plot.y + inset, width: boxWidth, height: boxHeight),
            Rect(x: plot.x + inset, y: plot.y + inset, width: boxWidth, height: boxHeight),
            Rect(x: plot.x + inset, y: plot.maxY - inset - boxHeight, width: boxWidth, height: boxHeight),
            Rect(x: plot.maxX - inset - boxWidth, y: plot.maxY - inset - boxHeight, width: boxWidth, height: boxHeight),
        ]
        var best = corners[0]
        var fewest = Int.max
        for corner in corners {
            // Covering a marker's label is worse than covering any amount of data.
            let coversLabel = chart.markers.contains { markerLabelBox($0)?.intersects(corner) ?? false }
            let hidden = hiddenSamples(in: corner) + (coversLabel ? 1_000_000 : 0)
            if hidden < fewest {
                fewest = hidden
                best = corner
            }
        }
        return (best, entries)
    }

    /// How many points sampled every 2 px along the data lines fall inside `rect` (grown by 4 px).
    func hiddenSamples(in rect: Rect) -> Int {
        let area = Rect(x: rect.x - 4, y: rect.y - 4, width: rect.width + 8, height: rect.height + 8)
        var count = 0
        for series in chart.series {
            let points = zip(series.x, series.y).map { pixel(x: $0, y: $1) }
            for run in Canvas.finiteRuns(points) {
                if run.count == 1, area.contains(run[0]) { count += 1 }
                for index in 1..<max(1, run.count) {
                    let a = run[index - 1], b = run[index]
                    let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                    let samples = max(1, Int((length / 2).rounded(.up)))
                    for step in 0...samples {
                        let t = Double(step) / Double(samples)
                        if area.contains(Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))) { count += 1 }
                    }
                }
            }
        }
        return count
    }

    func drawLegend(on canvas: inout Canvas) {
        guard let (box, entries) = legendPlacement() else { return }
        canvas.fillRect(box, color: chart.background.withOpacity(0.9))
        canvas.strokePolyline([Point(x: box.x + 0.5, y: box.y + 0.5), Point(x: box.maxX - 0.5, y: box.y + 0.5),
                               Point(x: box.maxX - 0.5, y: box.maxY - 0.5), Point(x: box.x + 0.5, y: box.maxY - 0.5),
                               Point(x: box.x + 0.5, y: box.y + 0.5)],
                              width: 1, color: ChartLayout.legendBorder)
        let rowHeight = Double(BitmapFont.cellHeight * chart.textScale) + 6
        for (row, series) in entries.enumerated() {
            let middle = box.y + 8 + Double(row) * rowHeight + Double(BitmapFont.capHeight * chart.textScale) / 2
            canvas.strokeLine(from: Point(x: box.x + 10, y: middle), to: Point(x: box.x + 38, y: middle),
                              width: series.width, color: series.color, dash: series.dash)
            canvas.drawText(series.label ?? "", anchor: Point(x: box.x + 46, y: middle), alignment: .leading,
                            baseline: .capMiddle, scale: chart.textScale, color: .ink)
        }
    }
}
