/// The laid-out words of a chart's frame: title, subtitle, axis labels and tick labels,
/// rasterised once while the layout measures them and drawn from the same rasters.
struct ChartTexts {
    let title: TextRaster
    let subtitle: TextRaster?
    let xLabel: TextRaster?
    let yLabel: TextRaster?
    let xTickLabels: [TextRaster]
    let yTickLabels: [TextRaster]

    /// A tick's label: its text, or for a decade of a log axis "10" with the exponent raised.
    static func tickLabel(_ tick: Tick, font: TextFont) throws -> TextRaster {
        guard let power = tick.power else { return try TextRaster(tick.label, font: font) }
        let exponent = (power < 0 ? Ticks.minus : "") + String(power.magnitude)
        return try TextRaster.power(base: "10", exponent: exponent, font: font)
    }
}

/// One text of a chart where it is drawn: its line box on the canvas (for a turned text,
/// the turned box) and its colour.
struct PlacedText {
    let text: String
    let raster: TextRaster
    let box: Rect
    let rotated: Bool
    let color: Color

    /// Blends the text onto the canvas, the baseline `raster.ascent` rows below the box's top
    /// (for a turned text, columns right of its left edge).
    func draw(on canvas: inout Canvas) {
        let offset = raster.ascent - raster.inkTop
        if rotated {
            canvas.drawRotated(raster, x: Int(box.x) + offset, y: Int(box.y), color: color)
        } else {
            canvas.draw(raster, x: Int(box.x), y: Int(box.y) + offset, color: color)
        }
    }
}

extension ChartLayout {
    static let subtitleColor = Color(hex: 0x595959)

    /// The frame's texts placed as matplotlib places them: tick labels `tickGap` beyond
    /// the tick marks, axis labels `labelGap` beyond the tick labels, the title centred
    /// over the plot.
    func frameTexts() -> [PlacedText] {
        var placed: [PlacedText] = []
        let frameBottom = plot.maxY + unit, frameLeft = plot.x - unit
        let tickLabelTop = frameBottom + (ChartLayout.tickLength + ChartLayout.tickGap) * unit
        for (index, tick) in xTicks.enumerated() where index % xLabelStride == 0 && index < texts.xTickLabels.count {
            let raster = texts.xTickLabels[index]
            let anchor = Point(x: ChartLayout.crisp(pixelX(tick.value), width: unit), y: tickLabelTop)
            placed.append(PlacedText(text: tick.label, raster: raster,
                                     box: raster.box(anchor: anchor, alignment: .center, baseline: .top),
                                     rotated: false, color: .ink))
        }
        let tickLabelRight = frameLeft - (ChartLayout.tickLength + ChartLayout.tickGap) * unit
        for (tick, raster) in zip(yTicks, texts.yTickLabels) {
            guard let y = pixelY(tick.value) else { continue }
            let anchor = Point(x: tickLabelRight, y: ChartLayout.crisp(y, width: unit))
            placed.append(PlacedText(text: tick.label, raster: raster,
                                     box: raster.box(anchor: anchor, alignment: .trailing, baseline: .capMiddle),
                                     rotated: false, color: .ink))
        }
        if let xLabel = texts.xLabel {
            let tickHeight = Double(texts.xTickLabels.map { $0.ascent + $0.descent }.max() ?? 0)
            let anchor = Point(x: plot.x + plot.width / 2, y: tickLabelTop + tickHeight + ChartLayout.labelGap * unit)
            placed.append(PlacedText(text: chart.xLabel, raster: xLabel,
                                     box: xLabel.box(anchor: anchor, alignment: .center, baseline: .top),
                                     rotated: false, color: .ink))
        }
        if let yLabel = texts.yLabel {
            // Turned counter-clockwise, the line box's bottom faces the tick labels.
            let widest = Double(texts.yTickLabels.map(\.width).max() ?? 0)
            let right = tickLabelRight - widest - ChartLayout.labelGap * unit
            let thickness = Double(yLabel.ascent + yLabel.descent), length = Double(yLabel.width)
            let box = Rect(x: right - thickness, y: (plot.y + plot.height / 2 - length / 2).rounded(),
                           width: thickness, height: length)
            placed.append(PlacedText(text: chart.yLabel, raster: yLabel, box: box, rotated: true, color: .ink))
        }
        let center = plot.x + plot.width / 2
        let titleTop = ChartLayout.padding * unit
        placed.append(PlacedText(text: chart.title, raster: texts.title,
                                 box: texts.title.box(anchor: Point(x: center, y: titleTop), alignment: .center, baseline: .top),
                                 rotated: false, color: .ink))
        if let subtitle = texts.subtitle, let text = chart.subtitle {
            let top = titleTop + Double(texts.title.ascent + texts.title.descent) + 4 * unit
            placed.append(PlacedText(text: text, raster: subtitle,
                                     box: subtitle.box(anchor: Point(x: center, y: top), alignment: .center, baseline: .top),
                                     rotated: false, color: ChartLayout.subtitleColor))
        }
        return placed
    }
}
