import Foundation
@testable import Plot
import XCTest

final class TicksTests: XCTestCase {
    /// Reads a label back as a number (U+2212 is the minus sign).
    func number(_ label: String) -> Double? {
        Double(label.replacingOccurrences(of: "\u{2212}", with: "-"))
    }

    /// Checks the contract of linear ticks on [low, high] and returns them.
    @discardableResult
    func checkLinear(_ low: Double, _ high: Double, file: StaticString = #filePath, line: UInt = #line) -> [Tick] {
        let ticks = Ticks.linear(low: low, high: high)
        let where_ = "range [\(low), \(high)]"
        XCTAssertTrue(Ticks.countRange.contains(ticks.count), "\(where_): \(ticks.count) ticks", file: file, line: line)
        guard let choice = Ticks.linearChoice(low: low, high: high) else {
            XCTFail("\(where_): no step", file: file, line: line)
            return ticks
        }
        XCTAssertTrue([1, 2, 5].contains(choice.multiplier), "\(where_): step multiplier \(choice.multiplier)", file: file, line: line)
        let step = Ticks.value(choice.multiplier, choice.exponent)
        let tolerance = step * 1e-9
        for (index, tick) in ticks.enumerated() {
            XCTAssertGreaterThanOrEqual(tick.value, low - tolerance, "\(where_): \(tick.label) below", file: file, line: line)
            XCTAssertLessThanOrEqual(tick.value, high + tolerance, "\(where_): \(tick.label) above", file: file, line: line)
            if index > 0 {
                XCTAssertEqual(tick.value - ticks[index - 1].value, step, accuracy: step * 1e-6,
                               "\(where_): uneven step at \(tick.label)", file: file, line: line)
            }
            guard let parsed = number(tick.label) else {
                XCTFail("\(where_): label '\(tick.label)' is not a number", file: file, line: line)
                continue
            }
            XCTAssertEqual(parsed, tick.value, accuracy: step * 1e-6, "\(where_): label \(tick.label) vs \(tick.value)",
                           file: file, line: line)
            XCTAssertLessThanOrEqual(tick.label.count, 16, "\(where_): label too long: \(tick.label)", file: file, line: line)
        }
        XCTAssertEqual(Set(ticks.map(\.label)).count, ticks.count, "\(where_): duplicate labels", file: file, line: line)
        return ticks
    }

    func testPlainRangesGiveNiceSteps() {
        XCTAssertEqual(checkLinear(0, 1).map(\.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(checkLinear(-1.1, 1.1).map(\.label), ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])
        XCTAssertEqual(checkLinear(4000, 4199).map(\.label), ["4000", "4050", "4100", "4150"])
        XCTAssertEqual(checkLinear(1, 60).map(\.label), ["10", "20", "30", "40", "50", "60"])
    }

    func testLabelsNeverShowBinaryRoundingNoise() {
        let labels = checkLinear(0, 0.35).map(\.label)
        XCTAssertTrue(labels.contains("0.30"), "\(labels)")
        XCTAssertFalse(labels.contains { $0.count > 4 }, "\(labels)")
    }

    func testAwkwardRanges() {
        checkLinear(0, 1e-9)                  // tiny
        checkLinear(1, 1 + 1e-9)              // tiny span far from zero
        checkLinear(-3e-12, 7e-12)            // tiny, crossing zero
        checkLinear(0, 1e12)                  // huge
        checkLinear(1e12, 1.0001e12)          // huge offset, small relative span
        checkLinear(-5, -3)                   // negative
        checkLinear(-1e6, -999_000)           // negative, large
        checkLinear(-0.7, 1.3)                // crossing zero
        checkLinear(-1e300, 1e300)            // near the top of Double
        XCTAssertEqual(checkLinear(0, 1e-9).first(where: { $0.value > 0 })?.label, "2e\u{2212}10")
        XCTAssertEqual(checkLinear(0, 1e12).last?.label, "1e12")
    }

    func testManyRangesAlwaysGiveFourToTenTicks() {
        // A fixed linear congruential generator: reproducible ranges over 40 orders of magnitude.
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<2000 {
            let scale = pow(10, uniform() * 40 - 20)
            let low = (uniform() * 2 - 1) * scale
            let span = scale * pow(10, -uniform() * 6)
            checkLinear(low, low + span)
        }
    }

    func testConstantSeriesIsPadded() throws {
        let five = try ChartLayout.range(low: 5, high: 5, margin: 0.05)
        XCTAssertEqual(five.low, 4.75, accuracy: 1e-12)
        XCTAssertEqual(five.high, 5.25, accuracy: 1e-12)
        let zero = try ChartLayout.range(low: 0, high: 0, margin: 0.05)
        XCTAssertEqual(zero.low, -0.5)
        XCTAssertEqual(zero.high, 0.5)
        checkLinear(five.low, five.high)
        checkLinear(zero.low, zero.high)
        let negative = try ChartLayout.range(low: -2e-7, high: -2e-7, margin: 0)
        checkLinear(negative.low, negative.high)
    }

    func testLabelFormatting() {
        XCTAssertEqual(Ticks.label(3, -1, style: .fixed(decimals: 1)), "0.3")
        XCTAssertEqual(Ticks.label(-15, -1, style: .fixed(decimals: 1)), "\u{2212}1.5")
        XCTAssertEqual(Ticks.label(5, -3, style: .fixed(decimals: 3)), "0.005")
        XCTAssertEqual(Ticks.label(0, -2, style: .fixed(decimals: 2)), "0.00")
        XCTAssertEqual(Ticks.label(405, 1, style: .fixed(decimals: 0)), "4050")
        XCTAssertEqual(Ticks.label(25, -10, style: .scientific), "2.5e\u{2212}9")
        XCTAssertEqual(Ticks.label(12, 11, style: .scientific), "1.2e12")
        XCTAssertEqual(Ticks.label(100, 10, style: .scientific), "1e12")
        XCTAssertEqual(Ticks.label(-4, 6, style: .scientific), "\u{2212}4e6")
    }

    func testLogTicksAtDecades() {
        let ticks = Ticks.logarithmic(lowExponent: -5.2, highExponent: -0.8)
        XCTAssertEqual(ticks.map(\.label), ["1e\u{2212}5", "1e\u{2212}4", "1e\u{2212}3", "1e\u{2212}2", "1e\u{2212}1"])
        XCTAssertEqual(ticks.map(\.power), [-5, -4, -3, -2, -1], "decades are drawn as 10 with a raised exponent")
        XCTAssertEqual(Ticks.logarithmic(lowExponent: -3.2, highExponent: 0.3).map(\.power), [nil, nil, nil, nil],
                       "0.001 … 1 print plainly")
        let minor = Ticks.logMinor(lowExponent: -5.2, highExponent: -0.8, major: ticks)
        XCTAssertEqual(minor.count, 4 * 8 + 3, "2…9 in the decades 1e−5…1e−2, and 7, 8, 9e−6 above 10^−5.2 ≈ 6.3e−6")
        XCTAssertEqual(Ticks.logarithmic(lowExponent: -0.5, highExponent: 3.5).map(\.label), ["1", "10", "100", "1000"])
    }

    func testPowerLabelIsTenWithARaisedExponent() throws {
        let font = TextFont.label()
        let label = try ChartTexts.tickLabel(Tick(value: 1e-4, label: "1e\u{2212}4", power: -4), font: font)
        let ten = try TextRaster("10", font: font)
        XCTAssertGreaterThan(label.width, ten.width + 5, "\"10\" and \"−4\" side by side")
        XCTAssertGreaterThan(label.inkTop, ten.inkTop, "the exponent rises above the base's top")
        let plain = try ChartTexts.tickLabel(Tick(value: 0.5, label: "0.5"), font: font)
        XCTAssertEqual(plain.coverage, try TextRaster("0.5", font: font).coverage)
    }

    func testLogTicksForFewAndManyDecades() {
        let ranges: [(Double, Double)] = [(-3.2, -0.5), (-12, 3), (-300, 300), (0.1, 0.3), (-1.01, -0.99),
                                          (-4, -1), (2, 2.9), (-0.3, 0.3), (5, 25)]
        for (low, high) in ranges {
            let ticks = Ticks.logarithmic(lowExponent: low, highExponent: high)
            XCTAssertTrue(Ticks.countRange.contains(ticks.count), "[\(low), \(high)]: \(ticks.map(\.label))")
            for tick in ticks {
                XCTAssertGreaterThan(tick.value, 0)
                XCTAssertGreaterThanOrEqual(log10(tick.value), low - 1e-9, "\(tick.label) below \(low)")
                XCTAssertLessThanOrEqual(log10(tick.value), high + 1e-9, "\(tick.label) above \(high)")
            }
        }
        let oneThree = Ticks.logarithmic(lowExponent: -3.2, highExponent: -0.5)
        XCTAssertEqual(oneThree.map(\.label), ["0.001", "0.003", "0.01", "0.03", "0.1", "0.3"])
        let minor = Ticks.logMinor(lowExponent: -3.2, highExponent: -0.5, major: oneThree)
        XCTAssertEqual(minor.count, 3 + 7 + 7 + 1, "7, 8, 9e−4; 2, 4…9e−3; 2, 4…9e−2; 0.2 (0.4 lies above 10^−0.5)")
        XCTAssertTrue(Ticks.logMinor(lowExponent: -12, highExponent: 3, major: []).isEmpty, "too many decades")
    }
}
