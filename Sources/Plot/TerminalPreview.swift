import Foundation

/// How a terminal preview may colour its output.
public enum TerminalColorMode: Sendable {
    /// Plain text (not a terminal, or `NO_COLOR` set).
    case none
    /// xterm's 256-colour palette (`ESC[38;5;Nm`), nearest entry of its 6×6×6 cube.
    case ansi256
    /// 24-bit colour (`ESC[38;2;R;G;Bm`).
    case trueColor
}

/// A line chart drawn with Unicode braille characters (U+2800–U+28FF), for a quick
/// look in the terminal. Each character cell holds 2×4 dots, so `columns`×`rows`
/// cells give a (2·plot columns)×(4·rows) dot grid.
///
/// Layout: the title; `rows` lines of plot with the y axis' top and bottom values
/// on the left; an axis line; the first and last x of the data; the legend, on as
/// many lines as it needs. Every line is exactly `columns` characters wide (not
/// counting colour codes). In colour each series has its own; without, each has its
/// own mark (`PreviewMark`: solid, dashed, dotted), which the legend names.
public enum TerminalPreview {
    static let dotBits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]  // [column][row]

    /// - Parameters:
    ///   - columns: total width in characters (at least 20).
    ///   - rows: height of the plot in characters (at least 2).
    /// - Throws: the same `PlotError`s as `LineChart.render()` for unusable data.
    public static func render(_ chart: LineChart, columns: Int = 80, rows: Int = 16,
                              color: TerminalColorMode = .none) throws -> String {
        let columns = max(20, columns), rows = max(2, rows)
        let layout = try ChartLayout(chart: chart)
        let top = axisText(layout.yRange.high, scale: chart.yScale)
        let bottom = axisText(layout.yRange.low, scale: chart.yScale)
        let gutter = max(top.count, bottom.count) + 1
        let plotColumns = columns - gutter - 1
        let dotsWide = plotColumns * 2, dotsHigh = rows * 4
        var bits = [UInt32](repeating: 0, count: plotColumns * rows)
        var owner = [Int](repeating: -1, count: plotColumns * rows)  // series index that drew last; −1 none or marker

        func dot(_ x: Int, _ y: Int, series: Int) {
            guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
            let cell = (y / 4) * plotColumns + x / 2
            bits[cell] |= dotBits[x % 2][y % 4]
            owner[cell] = series
        }
        // Vertical markers as dotted columns (every other dot), drawn first so data wins a shared cell.
        var markerOwner: [Int: Color] = [:]
        for marker in chart.markers where marker.x.isFinite {
            let position = (marker.x - layout.xRange.low) / (layout.xRange.high - layout.xRange.low) * Double(dotsWide - 1)
            guard position >= 0, position <= Double(dotsWide - 1) else { continue }
            let x = Int(position.rounded())
            for y in stride(from: 0, to: dotsHigh, by: 2) {
                dot(x, y, series: -1)
                markerOwner[(y / 4) * plotColumns + x / 2] = marker.color
            }
        }
        for (index, series) in chart.series.enumerated() {
            let mark = color == .none ? PreviewMark.of(series: index) : .solid
            // Distinct dots along the path so far, for the mark's pattern.
            var travelled = 0
            var lastDot: (x: Int, y: Int)?
            // Dot coordinates: the axis range maps onto [0, dots − 1].
            let points = zip(series.x, series.y).map { x, y -> Point in
                guard x.isFinite, let value = ChartLayout.axisValue(y, scale: chart.yScale) else {
                    return Point(x: .nan, y: .nan)
                }
                let px = (x - layout.xRange.low) / (layout.xRange.high - layout.xRange.low) * Double(dotsWide - 1)
                let py = (layout.yRange.high - value) / (layout.yRange.high - layout.yRange.low) * Double(dotsHigh - 1)
                return Point(x: px, y: py)
            }
            for run in Canvas.finiteRuns(points) {
                for (offset, point) in run.enumerated() {
                    let previous = offset > 0 ? run[offset - 1] : point
                    let steps = max(1, Int(max(abs(point.x - previous.x), abs(point.y - previous.y)).rounded(.up)))
                    for step in 0...steps {
                        let t = Double(step) / Double(steps)
                        let x = previous.x + t * (point.x - previous.x), y = previous.y + t * (point.y - previous.y)
                        guard abs(x) < 1e6, abs(y) < 1e6 else { continue }
                        let here = (x: Int(x.rounded()), y: Int(y.rounded()))
                        if let lastDot, lastDot == here { continue }
                        lastDot = here
                        travelled += 1
                        if mark.draws(travelled) { dot(here.x, here.y, series: index) }
                    }
                }
            }
        }

        var lines: [String] = [fit(chart.title, width: columns)]
        for row in 0..<rows {
            let label = row == 0 ? top : (row == rows - 1 ? bottom : "")
            var line = String(repeating: " ", count: gutter - label.count) + label + (label.isEmpty ? "│" : "┤")
            for column in 0..<plotColumns {
                let cell = row * plotColumns + column
                guard bits[cell] != 0, let scalar = Unicode.Scalar(0x2800 + bits[cell]) else {
                    line += " "
                    continue
                }
                let ink = chart.series.indices.contains(owner[cell]) ? chart.series[owner[cell]].color : markerOwner[cell]
                line += paint(String(Character(scalar)), ink, mode: color)
            }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: gutter) + "└" + String(repeating: "─", count: plotColumns))
        let left = axisText(layout.xData.low, scale: .linear), right = axisText(layout.xData.high, scale: .linear)
        let space = max(1, columns - gutter - 1 - left.count - right.count)
        lines.append(fit(String(repeating: " ", count: gutter + 1) + left + String(repeating: " ", count: space) + right,
                         width: columns))
        lines += legend(chart, columns: columns, color: color)
        return lines.joined(separator: "\n")
    }

    /// `━━ truth   ━━ prediction` in the series' colours, or without colour
    /// `⠒⠒⠒⠒ truth (solid)   ⠒⠂⠀⠒ prediction (dashed)`: as many entries a line as fit
    /// in `columns`, a label cut if even alone it does not.
    static func legend(_ chart: LineChart, columns: Int, color: TerminalColorMode) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0
        for (index, series) in chart.series.enumerated() {
            guard let label = series.label else { continue }
            let mark = PreviewMark.of(series: index)
            let sample = color == .none ? mark.sample : "━━"
            let suffix = color == .none ? " (\(mark.name))" : ""
            let shown = String(label.prefix(max(1, columns - sample.count - 1 - suffix.count)))
            let width = sample.count + 1 + shown.count + suffix.count
            if lineWidth > 0, lineWidth + 3 + width > columns {
                lines.append(line + String(repeating: " ", count: max(0, columns - lineWidth)))
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += "   "
                lineWidth += 3
            }
            line += paint(sample, series.color, mode: color) + " " + shown + suffix
            lineWidth += width
        }
        if lineWidth > 0 { lines.append(line + String(repeating: " ", count: max(0, columns - lineWidth))) }
        return lines
    }

    /// An axis end value as text: 4 significant digits; on a log axis, 10 to the power given.
    static func axisText(_ value: Double, scale: AxisScale) -> String {
        let shown = scale == .log10 ? pow(10, value) : value
        return formatMetric(abs(shown) < 1e-300 ? 0 : shown)
    }

    static func fit(_ text: String, width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }

    static func paint(_ text: String, _ color: Color?, mode: TerminalColorMode) -> String {
        guard let color else { return text }
        switch mode {
        case .none:
            return text
        case .trueColor:
            return "\u{1B}[38;2;\(color.red);\(color.green);\(color.blue)m" + text + "\u{1B}[0m"
        case .ansi256:
            func level(_ channel: UInt8) -> Int { Int((Double(channel) / 255 * 5).rounded()) }
            let index = 16 + 36 * level(color.red) + 6 * level(color.green) + level(color.blue)
            return "\u{1B}[38;5;\(index)m" + text + "\u{1B}[0m"
        }
    }
}
