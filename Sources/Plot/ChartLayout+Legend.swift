/// The texts drawn over the plot: the markers' labels and the legend, each on a
/// translucent box so that data lines do not cross the words.
extension ChartLayout {
    static let legendBorder = Color(hex: 0xCCCCCC)

    /// A marker's label: at the top of the plot, right of the line unless it would leave
    /// the plot, on a box 3 px wider than the text on each side (2 px above and below).
    func markerLabel(_ marker: VerticalMarker) throws -> (background: Rect, text: PlacedText)? {
        guard let label = marker.label, marker.x.isFinite else { return nil }
        let x = ChartLayout.crisp(pixelX(marker.x), width: unit)
        guard x > plot.x, x < plot.maxX else { return nil }
        let raster = try TextRaster(label, font: .label(scale: chart.scale))
        let width = Double(raster.width) + 6 * unit, height = Double(raster.ascent + raster.descent) + 4 * unit
        let rightSide = x + 4 * unit + width < plot.maxX - 2 * unit
        let background = Rect(x: (rightSide ? x + 4 * unit : x - 4 * unit - width).rounded(), y: plot.y + 6 * unit,
                              width: width, height: height)
        let box = raster.box(anchor: Point(x: background.x + 3 * unit, y: background.y + 2 * unit),
                             alignment: .leading, baseline: .top)
        return (background, PlacedText(text: label, raster: raster, box: box, rotated: false, color: .ink))
    }

    /// The legend: its box and, per labelled series, the row's text and the y of its sample line.
    struct Legend {
        let box: Rect
        let rows: [(series: Series, text: PlacedText, lineY: Double)]
    }

    /// Legend metrics at scale 1, in pixels: 8 above and below the rows, 10 left and right,
    /// a 28 px sample line, 8 px before the text, 6 px between rows (matplotlib: 2 em
    /// handles, 0.8 em before the text, 0.5 em between rows).
    static let legendInset = (vertical: 8.0, horizontal: 10.0, sample: 28.0, gap: 8.0, rowGap: 6.0)

    /// From this many labelled series on (a sweep of 5 runs and the truth), the legend
    /// stands right of the plot: every corner inside would hide data.
    static let legendOutsideFrom = 6
    /// Between the legend and the plot's frame (inside or outside), at scale 1.
    static let legendMargin = 10.0

    /// The legend box's width and height for `chart`'s labelled series, nil without labels.
    static func legendSize(_ chart: LineChart) throws -> (width: Double, height: Double)? {
        let entries = chart.series.filter { $0.label != nil }
        guard !entries.isEmpty else { return nil }
        let inset = legendInset, unit = Double(chart.scale)
        let font = TextFont.label(scale: chart.scale)
        let rasters = try entries.map { try TextRaster($0.label ?? "", font: font) }
        let rowHeight = Double(rasters.map { $0.ascent + $0.descent }.max() ?? 0)
        let widest = Double(rasters.map(\.width).max() ?? 0)
        let width = ((2 * inset.horizontal + inset.sample + inset.gap) * unit + widest).rounded(.up)
        let height = (2 * inset.vertical * unit + Double(entries.count) * rowHeight
            + Double(entries.count - 1) * inset.rowGap * unit).rounded(.up)
        return (width, height)
    }

    /// The legend right of the plot with many series, else in the corner of the plot that
    /// hides the least data; nil without labels.
    func legend() throws -> Legend? {
        let entries = chart.series.filter { $0.label != nil }
        guard !entries.isEmpty, let size = legendSize else { return nil }
        let inset = ChartLayout.legendInset
        let font = TextFont.label(scale: chart.scale)
        let rasters = try entries.map { try TextRaster($0.label ?? "", font: font) }
        let rowHeight = Double(rasters.map { $0.ascent + $0.descent }.max() ?? 0)
        let (boxWidth, boxHeight) = size
        let margin = ChartLayout.legendMargin * unit
        let corners = legendOutside ? [Rect(x: plot.maxX + margin, y: plot.y, width: boxWidth, height: boxHeight)] : [
            Rect(x: plot.maxX - margin - boxWidth, y: plot.y + margin, width: boxWidth, height: boxHeight),
            Rect(x: plot.x + margin, y: plot.y + margin, width: boxWidth, height: boxHeight),
            Rect(x: plot.x + margin, y: plot.maxY - margin - boxHeight, width: boxWidth, height: boxHeight),
            Rect(x: plot.maxX - margin - boxWidth, y: plot.maxY - margin - boxHeight, width: boxWidth, height: boxHeight),
        ]
        let markerBoxes = try chart.markers.compactMap { try markerLabel($0)?.background }
        var best = corners[0]
        var fewest = Int.max
        for corner in corners {
            // Covering a marker's label is worse than covering any amount of data.
            let coversLabel = markerBoxes.contains { $0.intersects(corner) }
            let hidden = hiddenSamples(in: corner) + (coversLabel ? 1_000_000 : 0)
            if hidden < fewest {
                fewest = hidden
                best = corner
            }
        }
        let rows = zip(entries, rasters).enumerated().map { row, entry in
            let top = best.y + inset.vertical * unit + Double(row) * (rowHeight + inset.rowGap * unit)
            let anchor = Point(x: best.x + (inset.horizontal + inset.sample + inset.gap) * unit, y: top)
            let box = entry.1.box(anchor: anchor, alignment: .leading, baseline: .top)
            let text = PlacedText(text: entry.0.label ?? "", raster: entry.1, box: box, rotated: false, color: .ink)
            // The sample line at the middle between baseline and ascent, like a centred tick label.
            return (series: entry.0, text: text, lineY: box.y + Double(entry.1.ascent) / 2)
        }
        return Legend(box: best, rows: rows)
    }

    /// How many points sampled every 2 px along the data lines fall inside `rect` (grown by 4 px).
    func hiddenSamples(in rect: Rect) -> Int {
        let grow = 4 * unit
        let area = Rect(x: rect.x - grow, y: rect.y - grow, width: rect.width + 2 * grow, height: rect.height + 2 * grow)
        var count = 0
        for series in chart.series {
            let points = zip(series.x, series.y).map { pixel(x: $0, y: $1) }
            for run in Canvas.finiteRuns(points) {
                if run.count == 1, area.contains(run[0]) { count += 1 }
                for index in 1..<max(1, run.count) {
                    let a = run[index - 1], b = run[index]
                    let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                    let samples = max(1, Int((length / (2 * unit)).rounded(.up)))
                    for step in 0...samples {
                        let t = Double(step) / Double(samples)
                        if area.contains(Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))) { count += 1 }
                    }
                }
            }
        }
        return count
    }

    func drawLegend(on canvas: inout Canvas) throws {
        guard let legend = try legend() else { return }
        let box = legend.box, half = unit / 2
        canvas.fillRect(box, color: chart.background.withOpacity(0.9))
        canvas.strokePolyline([Point(x: box.x + half, y: box.y + half), Point(x: box.maxX - half, y: box.y + half),
                               Point(x: box.maxX - half, y: box.maxY - half), Point(x: box.x + half, y: box.maxY - half),
                               Point(x: box.x + half, y: box.y + half)],
                              width: unit, color: ChartLayout.legendBorder)
        let inset = ChartLayout.legendInset
        for row in legend.rows {
            let start = box.x + inset.horizontal * unit
            canvas.strokeLine(from: Point(x: start, y: row.lineY), to: Point(x: start + inset.sample * unit, y: row.lineY),
                              width: row.series.width * unit, color: row.series.color,
                              dash: row.series.dash.map { (on: $0.on * unit, off: $0.off * unit) })
            row.text.draw(on: &canvas)
        }
    }
}
