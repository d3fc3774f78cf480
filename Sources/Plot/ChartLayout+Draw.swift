/// Drawing a laid-out chart, back to front: grid, markers, data, frame and ticks, text, legend.
/// Every length is multiplied by `unit` (the chart's scale).
extension ChartLayout {
    static let frameColor = Color(hex: 0x404040)

    func draw() throws -> Canvas {
        var canvas = Canvas(width: chart.width * chart.scale, height: chart.height * chart.scale,
                            background: chart.background)
        let line = unit  // grid, frame and tick marks: 1 px at scale 1

        // Grid: lines on whole pixels at the labelled ticks.
        for tick in xTicks {
            let x = ChartLayout.crisp(pixelX(tick.value), width: line)
            canvas.strokeLine(from: Point(x: x, y: plot.y), to: Point(x: x, y: plot.maxY), width: line,
                              color: .gridLine, clip: plot)
        }
        for tick in yTicks {
            guard let y = pixelY(tick.value).map({ ChartLayout.crisp($0, width: line) }) else { continue }
            canvas.strokeLine(from: Point(x: plot.x, y: y), to: Point(x: plot.maxX, y: y), width: line,
                              color: .gridLine, clip: plot)
        }

        // Vertical markers: dashed lines behind the data, labels at the top.
        for marker in chart.markers where marker.x.isFinite {
            let x = ChartLayout.crisp(pixelX(marker.x), width: line)
            guard x > plot.x, x < plot.maxX else { continue }
            canvas.strokeLine(from: Point(x: x, y: plot.y), to: Point(x: x, y: plot.maxY), width: 1.5 * unit,
                              color: marker.color, clip: plot, dash: (on: 6 * unit, off: 4 * unit))
            if let label = try markerLabel(marker) {
                canvas.fillRect(label.background, color: chart.background.withOpacity(0.85))
                label.text.draw(on: &canvas)
            }
        }

        // Data, clipped to the plot area.
        for series in chart.series {
            let points = zip(series.x, series.y).map { pixel(x: $0, y: $1) }
            canvas.strokePolyline(points, width: series.width * unit, color: series.color, clip: plot,
                                  dash: series.dash.map { (on: $0.on * unit, off: $0.off * unit) })
        }

        // Frame (all four sides, just outside the plot area) and outward ticks.
        let frame = Rect(x: plot.x - line, y: plot.y - line, width: plot.width + 2 * line, height: plot.height + 2 * line)
        canvas.fillRect(Rect(x: frame.x, y: frame.y, width: frame.width, height: line), color: ChartLayout.frameColor)
        canvas.fillRect(Rect(x: frame.x, y: frame.maxY - line, width: frame.width, height: line), color: ChartLayout.frameColor)
        canvas.fillRect(Rect(x: frame.x, y: frame.y, width: line, height: frame.height), color: ChartLayout.frameColor)
        canvas.fillRect(Rect(x: frame.maxX - line, y: frame.y, width: line, height: frame.height), color: ChartLayout.frameColor)
        let tickLength = ChartLayout.tickLength * unit
        for tick in xTicks {
            let x = ChartLayout.crisp(pixelX(tick.value), width: line) - line / 2
            canvas.fillRect(Rect(x: x, y: frame.maxY, width: line, height: tickLength), color: ChartLayout.frameColor)
        }
        for tick in yTicks {
            guard let y = pixelY(tick.value).map({ ChartLayout.crisp($0, width: line) - line / 2 }) else { continue }
            canvas.fillRect(Rect(x: frame.x - tickLength, y: y, width: tickLength, height: line), color: ChartLayout.frameColor)
        }
        for value in yMinorTicks {
            guard let y = pixelY(value).map({ ChartLayout.crisp($0, width: line) - line / 2 }) else { continue }
            canvas.fillRect(Rect(x: frame.x - 3 * unit, y: y, width: 3 * unit, height: line), color: ChartLayout.frameColor)
        }

        // Tick labels, axis labels, title, subtitle; then the legend over the data.
        for text in frameTexts() { text.draw(on: &canvas) }
        try drawLegend(on: &canvas)
        return canvas
    }
}
