import Foundation
@testable import Plot
import XCTest

final class TerminalPreviewTests: XCTestCase {
    func sineChart() throws -> LineChart {
        let steps = Array(0..<160)
        let truth = steps.map { sin(Double($0) * 2 * .pi / 80) }
        var prediction = truth.map { $0 * 0.9 }
        prediction[40] = .nan
        return try predictionChart(steps: steps, truth: truth, prediction: prediction, title: "Sine", rmse: 0.05)
    }

    func visible(_ line: Substring) -> String {
        line.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    func testPlainPreviewShape() throws {
        let text = try TerminalPreview.render(try sineChart(), columns: 60, rows: 10, color: .none)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 1 + 10 + 2 + 1, "title, plot rows, axis, x labels, legend")
        for line in lines { XCTAssertEqual(line.count, 60, "'\(line)'") }
        XCTAssertFalse(text.contains("\u{1B}"), "no escape codes without colour")
        XCTAssertTrue(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille dots")
        XCTAssertTrue(lines[1].contains("1.1"), "top value of the y axis: \(lines[1])")
        XCTAssertTrue(lines[10].contains("\u{2212}1.1") || lines[10].contains("-1.1"), "bottom value: \(lines[10])")
        XCTAssertTrue(lines[12].hasSuffix("159 ") || lines[12].contains("159"), "last step: \(lines[12])")
        XCTAssertEqual(lines[13], "⠒⠒⠒⠒ truth (solid)   ⠒⠂⠀⠒ prediction (dashed)" + String(repeating: " ", count: 15))
    }

    /// Without colour the second series is dashed: about half the dots of the first.
    func testPlainPreviewTellsSeriesApartByTheirMarks() throws {
        let steps = Array(0..<100)
        let chart = LineChart(title: "Two lines", series: [
            Series(x: steps.map(Double.init), y: steps.map { _ in 0 }, color: .red, label: "low"),
            Series(x: steps.map(Double.init), y: steps.map { _ in 1 }, color: .blue, label: "high"),
        ])
        func dots(_ line: Substring) -> Int {
            line.unicodeScalars.reduce(0) { $0 + ((0x2800...0x28FF).contains($1.value) ? ($1.value - 0x2800).nonzeroBitCount : 0) }
        }
        let plain = try TerminalPreview.render(chart, columns: 40, rows: 4, color: .none).split(separator: "\n")
        let high = dots(plain[1]), low = dots(plain[4])
        XCTAssertEqual(Double(high) / Double(low), 0.5, accuracy: 0.05, "\(plain[1])\n\(plain[4])")
        // In colour both are solid.
        let coloured = try TerminalPreview.render(chart, columns: 40, rows: 4, color: .ansi256).split(separator: "\n")
        XCTAssertEqual(dots(coloured[1]), dots(coloured[4]))
        // A legend too wide for one line takes two.
        let narrow = try TerminalPreview.render(chart, columns: 30, rows: 4, color: .none).split(separator: "\n")
        XCTAssertEqual(narrow.suffix(2).map(String.init), ["⠒⠒⠒⠒ low (solid)" + String(repeating: " ", count: 14),
                                                           "⠒⠂⠀⠒ high (dashed)" + String(repeating: " ", count: 12)])
    }

    func testColourModes() throws {
        let chart = try sineChart()
        let trueColor = try TerminalPreview.render(chart, columns: 60, rows: 8, color: .trueColor)
        XCTAssertTrue(trueColor.contains("\u{1B}[38;2;214;39;40m"), "truth in its 24-bit red")
        let palette = try TerminalPreview.render(chart, columns: 60, rows: 8, color: .ansi256)
        XCTAssertTrue(palette.contains("\u{1B}[38;5;"))
        for line in trueColor.split(separator: "\n") { XCTAssertEqual(visible(line).count, 60) }
    }

    func testMarkerIsADottedColumn() throws {
        let chart = try lossChart(loss: [1, 0.5, 0.2, 0.1, 0.08], valLoss: [1.1, 0.6, 0.3, 0.2, 0.25], bestEpoch: 4)
        let text = try TerminalPreview.render(chart, columns: 40, rows: 6, color: .none)
        let plotRows = text.split(separator: "\n").dropFirst().prefix(6).map { Array($0) }
        // The marker's column holds a braille character on every plot row.
        let columns = Set(plotRows.flatMap { row in row.indices.filter { (0x2801...0x28FF).contains(row[$0].unicodeScalars.first?.value ?? 0) } })
        let full = columns.filter { column in plotRows.allSatisfy { column < $0.count && $0[column] != " " } }
        XCTAssertFalse(full.isEmpty, "a column with dots on every row:\n\(text)")
    }

    func testPreviewReportsTheSameErrorsAsTheChart() {
        XCTAssertThrowsError(try TerminalPreview.render(LineChart(title: "empty"), columns: 40, rows: 5))
        let allNaN = LineChart(title: "nan", series: [Series(y: [.nan, .nan], color: .red)])
        XCTAssertThrowsError(try TerminalPreview.render(allNaN, columns: 40, rows: 5))
    }
}
