import Foundation

/// A labelled position on an axis, in data units.
public struct Tick: Equatable, Sendable {
    public let value: Double
    /// Plain text of the value ("0.25", "1e−4").
    public let label: String
    /// For a decade on a log axis, k in value = 10^k: charts draw "10" with a raised k.
    public let power: Int?

    public init(value: Double, label: String, power: Int? = nil) {
        self.value = value
        self.label = label
        self.power = power
    }
}

/// Tick placement and labels.
///
/// Linear axes use steps of 1, 2 or 5 times a power of ten, chosen so that 4–10
/// ticks fall inside the range (about 6 preferred). Such a step always exists: the
/// tick count is about span/step, consecutive candidate steps differ by a factor of
/// at most 2.5, and [4, 10) is exactly a factor 2.5 wide.
///
/// Labels are printed from integers (tick = n · 10^k with n an integer), never from
/// the binary double, so 0.3 prints as "0.3" and not "0.30000000000000004".
public enum Ticks {
    /// Fewest and most labelled ticks an axis may have.
    public static let countRange = 4...10
    static let preferredCount = 6
    /// U+2212, the typographic minus sign, for negative labels.
    static let minus = "\u{2212}"

    /// Ticks n · step inside [low, high] (low < high, both finite), step = m · 10^k, m ∈ {1, 2, 5}.
    /// `maxCount` (at least 4) caps the count when long labels need room; if no step gives
    /// 4…maxCount ticks, the fewest ticks above the cap are taken. With `whole`, a step
    /// below 1 becomes 1: every whole number in the range is a tick (perhaps fewer than 4).
    public static func linear(low: Double, high: Double, maxCount: Int = countRange.upperBound, whole: Bool = false) -> [Tick] {
        // Widen the cap one tick at a time until a step exists (at the latest at 4…10).
        let cap = max(countRange.lowerBound, min(countRange.upperBound, maxCount))
        guard let choice = (cap...countRange.upperBound).lazy
            .compactMap({ linearChoice(low: low, high: high, counts: countRange.lowerBound...$0) }).first
        else { return [] }
        if whole && choice.exponent < 0 {
            let first = low.rounded(.up), last = high.rounded(.down)
            guard first <= last, abs(first) < 4e15, abs(last) < 4e15 else { return [] }
            let style = labelStyle(largest: max(abs(low), abs(high)), exponent: 0)
            return (Int(first)...Int(last)).map { Tick(value: Double($0), label: label($0, 0, style: style)) }
        }
        let style = labelStyle(largest: max(abs(low), abs(high)), exponent: choice.exponent)
        return (choice.first...choice.last).map { index in
            let scaled = index * choice.multiplier  // tick = scaled · 10^exponent
            return Tick(value: value(scaled, choice.exponent), label: label(scaled, choice.exponent, style: style))
        }
    }

    /// The step of `linear(low:high:)` as multiplier and exponent, and the first and last index.
    static func linearChoice(low: Double, high: Double, counts: ClosedRange<Int> = countRange)
        -> (multiplier: Int, exponent: Int, first: Int, last: Int)? {
        let span = high - low
        guard low.isFinite, high.isFinite, span > 0, span.isFinite else { return nil }
        let magnitude = Int(Foundation.log10(span).rounded(.down))
        var best: (multiplier: Int, exponent: Int, first: Int, last: Int)?
        var bestScore = Int.max
        for exponent in (magnitude - 2)...(magnitude + 1) {
            for multiplier in [1, 2, 5] {
                let step = value(multiplier, exponent)
                let firstValue = (low / step).rounded(.up), lastValue = (high / step).rounded(.down)
                // Indices beyond ±2^52 cannot be told apart in a double; such a range has no usable step.
                guard abs(firstValue) < 4e15, abs(lastValue) < 4e15 else { continue }
                let first = Int(firstValue), last = Int(lastValue)
                let count = last - first + 1
                guard counts.contains(count) else { continue }
                let score = abs(count - preferredCount) * 2 + (count < preferredCount ? 1 : 0)
                if score < bestScore {
                    bestScore = score
                    best = (multiplier, exponent, first, last)
                }
            }
        }
        return best
    }

    /// Ticks for a log-10 axis whose range is [10^lowExponent, 10^highExponent] (real exponents).
    /// Tries, in order, decades (every n-th decade if there are too many), then 1-3,
    /// 1-2-5 and 1…9 times each decade, and last linear ticks, taking the first
    /// that gives 4–10 ticks.
    public static func logarithmic(lowExponent: Double, highExponent: Double) -> [Tick] {
        guard lowExponent.isFinite, highExponent.isFinite, lowExponent < highExponent else { return [] }
        let firstDecade = Int(lowExponent.rounded(.up)), lastDecade = Int(highExponent.rounded(.down))
        let decades = lastDecade - firstDecade + 1
        var candidates: [[(mantissa: Int, exponent: Int)]] = []
        if decades > countRange.upperBound {
            for every in [2, 3, 5, 10, 20, 50, 100] {
                let start = Int((Double(firstDecade) / Double(every)).rounded(.up)) * every
                candidates.append(stride(from: start, through: lastDecade, by: every).map { (1, $0) })
            }
        }
        for mantissas in [[1], [1, 3], [1, 2, 5], Array(1...9)] {
            var ticks: [(mantissa: Int, exponent: Int)] = []
            for exponent in (firstDecade - 1)...lastDecade {
                for mantissa in mantissas {
                    let position = Foundation.log10(Double(mantissa)) + Double(exponent)
                    if position >= lowExponent - 1e-12, position <= highExponent + 1e-12 {
                        ticks.append((mantissa, exponent))
                    }
                }
            }
            candidates.append(ticks)
        }
        if let ticks = candidates.first(where: { countRange.contains($0.count) }) {
            let scientific = ticks.contains { $0.exponent < -3 || $0.exponent > 5 }
            let decades = ticks.allSatisfy { $0.mantissa == 1 }
            return ticks.map { tick in
                let style: LabelStyle = scientific ? .scientific : .fixed(decimals: max(0, -tick.exponent))
                return Tick(value: value(tick.mantissa, tick.exponent),
                            label: label(tick.mantissa, tick.exponent, style: style),
                            power: scientific && decades ? tick.exponent : nil)
            }
        }
        // Less than about half a decade: ordinary linear ticks, placed on the log axis.
        return linear(low: pow(10, lowExponent), high: pow(10, highExponent))
    }

    /// Unlabelled minor ticks for a log axis: every m · 10^k (m = 1…9) inside the range that
    /// is not a labelled tick, when the labelled ticks are themselves of that form (decades,
    /// 1-3 or 1-2-5) and the range spans at most 8 decades (denser minor ticks would be a smear).
    public static func logMinor(lowExponent: Double, highExponent: Double, major: [Tick]) -> [Double] {
        func isDecadeMultiple(_ value: Double) -> Bool {
            let exponent = Foundation.log10(value).rounded(.down)
            let mantissa = value / pow(10, exponent)
            return abs(mantissa - mantissa.rounded()) < 1e-9
        }
        guard major.allSatisfy({ isDecadeMultiple($0.value) }), highExponent - lowExponent <= 8 else { return [] }
        let labelled = major.map { Foundation.log10($0.value) }
        var values: [Double] = []
        for exponent in Int(lowExponent.rounded(.down))...Int(highExponent.rounded(.up)) {
            for mantissa in 1...9 {
                let position = Foundation.log10(Double(mantissa)) + Double(exponent)
                guard position > lowExponent, position < highExponent,
                      !labelled.contains(where: { abs($0 - position) < 1e-9 }) else { continue }
                values.append(value(mantissa, exponent))
            }
        }
        return values
    }

    enum LabelStyle: Equatable {
        case fixed(decimals: Int)
        case scientific
    }

    /// Fixed-point labels while the numbers are of everyday size; `1.5e−9` style for
    /// tiny steps or huge values, where fixed point would need many digits.
    static func labelStyle(largest: Double, exponent: Int) -> LabelStyle {
        if largest >= 1e6 || (exponent < -4 && largest < 1e-3) { return .scientific }
        return .fixed(decimals: max(0, -exponent))
    }

    /// n · 10^k as a double, dividing by an exact power of ten for k < 0 (more accurate than multiplying by 10^k).
    static func value(_ n: Int, _ k: Int) -> Double {
        k >= 0 ? Double(n) * pow(10, Double(k)) : Double(n) / pow(10, Double(-k))
    }

    /// The decimal text of n · 10^k, exact (from the digits of n).
    static func label(_ n: Int, _ k: Int, style: LabelStyle) -> String {
        if n == 0 {
            if case let .fixed(decimals) = style, decimals > 0 { return "0." + String(repeating: "0", count: decimals) }
            return "0"
        }
        let sign = n < 0 ? minus : ""
        var digits = String(n.magnitude)
        switch style {
        case let .fixed(decimals):
            if k >= 0 {
                digits += String(repeating: "0", count: k)
                return sign + digits + (decimals > 0 ? "." + String(repeating: "0", count: decimals) : "")
            }
            let shift = -k
            if digits.count <= shift { digits = String(repeating: "0", count: shift + 1 - digits.count) + digits }
            let whole = digits.prefix(digits.count - shift)
            var fraction = String(digits.suffix(shift))
            if fraction.count < decimals { fraction += String(repeating: "0", count: decimals - fraction.count) }
            // A label never drops digits that its value has (decimals ≥ −k in every use).
            return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
        case .scientific:
            var exponent = k
            while digits.count > 1, digits.hasSuffix("0") {
                digits.removeLast()
                exponent += 1
            }
            exponent += digits.count - 1
            let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + digits.dropFirst() : digits
            return sign + mantissa + "e" + (exponent < 0 ? minus : "") + String(exponent.magnitude)
        }
    }
}
