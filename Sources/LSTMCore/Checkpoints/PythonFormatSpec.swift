#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One format spec of Python's format mini-language (what follows the `:` in `{loss:.3f}`),
/// the part of it that makes sense for numbers in a file name:
///
///     [[fill]align][sign][0][width][,|_][.precision][type]
///     align: < > ^ =      sign: + - space      type: d (integers) or e E f F g G %
///
/// Formatting follows CPython's rules: numbers align right by default; `0` before the
/// width pads with zeros after the sign (`=`), and with a grouping option those zeros are
/// grouped too (`{:09,}` of 1234 is `0,001,234`); no type means `repr` for a float
/// (`0.1`, `1e-05`) and `d` for an integer; `.3` without a type is `g` that keeps a `.0`.
/// Decimal conversions are correctly rounded (C's printf, as CPython's own).
/// Valid Python that has no use here (`#`, `z`, `n`, `x`, `c`, nested fields) is refused.
struct PythonFormatSpec: Equatable, Sendable {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var width = 0
    var grouping: Character?
    var precision: Int?
    var type: Character?

    /// A problem in a spec: `offset` counts characters from the spec's start.
    struct Problem: Error, Equatable {
        let offset: Int
        let message: String
    }

    static let maximumWidth = 255
    static let maximumPrecision = 100

    static func parse(_ text: String) throws -> PythonFormatSpec {
        let chars = Array(text)
        var spec = PythonFormatSpec()
        var index = 0
        func peek(_ offset: Int = 0) -> Character? {
            index + offset < chars.count ? chars[index + offset] : nil
        }
        var fillGiven = false
        if let second = peek(1), "<>=^".contains(second), let first = peek() {
            spec.fill = first
            spec.align = second
            fillGiven = true
            index += 2
        } else if let first = peek(), "<>=^".contains(first) {
            spec.align = first
            index += 1
        }
        if let sign = peek(), "+- ".contains(sign) {
            spec.sign = sign
            index += 1
        }
        if peek() == "z" {
            throw Problem(offset: index, message: "the 'z' option (negative zero) is not supported here")
        }
        if peek() == "#" {
            throw Problem(offset: index, message: "the alternate form '#' is not supported here")
        }
        if peek() == "0", !fillGiven {
            spec.fill = "0"
            if spec.align == nil { spec.align = "=" }
            index += 1
        }
        if let width = try readNumber(chars, &index, limit: maximumWidth, what: "width") {
            spec.width = width
        }
        if let separator = peek(), separator == "," || separator == "_" {
            spec.grouping = separator
            index += 1
            if let again = peek(), again == "," || again == "_" {
                throw Problem(offset: index, message: "only one grouping option (',' or '_') may be given")
            }
        }
        if peek() == "." {
            index += 1
            guard let precision = try readNumber(chars, &index, limit: maximumPrecision, what: "precision") else {
                throw Problem(offset: index, message: "the precision is missing after '.' (e.g. '.3f')")
            }
            spec.precision = precision
        }
        if chars.count - index > 1 {
            throw Problem(offset: index, message: "invalid format spec '\(text)': unexpected '\(String(chars[index...]))'")
        }
        if let type = peek() {
            guard "deEfFgG%".contains(type) else {
                throw Problem(offset: index, message: "format type '\(type)' is not supported; use d (integers), f, e, g or %")
            }
            spec.type = type
        }
        return spec
    }

    private static func readNumber(_ chars: [Character], _ index: inout Int, limit: Int, what: String) throws -> Int? {
        let start = index
        var value = 0
        while index < chars.count, let digit = chars[index].wholeNumberValue, chars[index].isASCII {
            value = value * 10 + digit
            if value > limit {
                throw Problem(offset: start, message: "a \(what) above \(limit) is not supported")
            }
            index += 1
        }
        return index > start ? value : nil
    }

    /// Checks the spec suits an integer field (`epoch`) or a real one (`loss`), as Python does.
    func check(integer: Bool, field: String) throws {
        if integer {
            if precision != nil, type == nil || type == "d" {
                throw Problem(offset: 0, message: "a precision is not allowed for the integer field '\(field)' (use e.g. '03d')")
            }
        } else if type == "d" {
            throw Problem(offset: 0, message: "format type 'd' needs an integer, but '\(field)' is a real number; use f, e, g or %")
        }
    }

    // MARK: Formatting

    func format(_ value: Int) -> String {
        if type == nil || type == "d" {
            return layout(negative: value < 0, number: String(value.magnitude), finite: true)
        }
        return format(Double(value))
    }

    func format(_ value: Double) -> String {
        let upper = type == "E" || type == "F" || type == "G"
        let suffix = type == "%" ? "%" : ""
        if value.isNaN {
            return layout(negative: false, number: (upper ? "NAN" : "nan") + suffix, finite: false)
        }
        if value.isInfinite {
            return layout(negative: value < 0, number: (upper ? "INF" : "inf") + suffix, finite: false)
        }
        let magnitude = value.magnitude
        let text: String
        switch type {
        case "f", "F": text = Self.printf("%.*f", precision ?? 6, magnitude)
        case "e": text = Self.printf("%.*e", precision ?? 6, magnitude)
        case "E": text = Self.printf("%.*E", precision ?? 6, magnitude)
        case "g": text = Self.printf("%.*g", precision ?? 6, magnitude)
        case "G": text = Self.printf("%.*G", precision ?? 6, magnitude)
        case "%": text = Self.printf("%.*f", precision ?? 6, magnitude * 100) + "%"
        default:
            if let precision {
                text = Self.generalKeepingPoint(magnitude, precision: precision)
            } else {
                text = Self.repr(magnitude)
            }
        }
        return layout(negative: value.sign == .minus, number: text, finite: true)
    }

    /// Sign, grouping, fill and alignment around `number` (digits first, then the rest).
    private func layout(negative: Bool, number: String, finite: Bool) -> String {
        let signText = negative ? "-" : (sign == "+" ? "+" : sign == " " ? " " : "")
        var body = number
        if let grouping, finite {
            let digits = String(number.prefix { $0.isASCII && $0.isNumber })
            let rest = number.dropFirst(digits.count)
            let zeroPadded = fill == "0" && align == "="
            let minimum = zeroPadded ? width - signText.count - rest.count : 0
            body = Self.group(digits, separator: grouping, minimumWidth: minimum) + rest
        }
        let padding = String(repeating: fill, count: max(0, width - signText.count - body.count))
        switch align ?? ">" {
        case "<": return signText + body + padding
        case "^":
            let left = padding.count / 2
            return String(padding.prefix(left)) + signText + body + String(padding.dropFirst(left))
        case "=": return signText + padding + body
        default: return padding + signText + body
        }
    }

    /// Groups of three digits from the right, joined by `separator`; when `minimumWidth`
    /// asks for more, zeros are added and grouped as well (CPython's
    /// `_PyUnicode_InsertThousandsGrouping`: groups are added while digits remain or the
    /// width is not reached; a group that only pads may be shorter than three).
    static func group(_ digits: String, separator: Character, minimumWidth: Int) -> String {
        var remaining = Array(digits)
        var width = minimumWidth
        var groups: [String] = []
        while true {
            let size = min(3, max(remaining.count, width, 1))
            let taken = min(remaining.count, size)
            let zeros = String(repeating: "0", count: size - taken)
            groups.append(zeros + String(remaining.suffix(taken)))
            remaining.removeLast(taken)
            width -= size
            if remaining.isEmpty && width <= 0 { break }
            width -= 1
        }
        return groups.reversed().joined(separator: String(separator))
    }

    /// Python's `repr` of a non-negative finite double: the shortest digits that read back
    /// as the same double, in fixed notation when the decimal exponent is in -4..<16
    /// (`0.0001`, `1000000000000000.0`) and scientific otherwise (`1e-05`, `1e+16`).
    static func repr(_ value: Double) -> String {
        // Swift's description gives the same shortest, closest digits; only the layout differs.
        let text = value.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? text
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var digits = Array(mantissa.filter { $0 != "." })
        var decimalPoint = point + exponent   // value = 0.d1 d2 ... x 10^decimalPoint
        while digits.first == "0" {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        guard !digits.isEmpty else { return "0.0" }
        let scientific = decimalPoint - 1
        if scientific >= -4 && scientific < 16 {
            if decimalPoint <= 0 {
                return "0." + String(repeating: "0", count: -decimalPoint) + String(digits)
            }
            if decimalPoint >= digits.count {
                return String(digits) + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
            }
            return String(digits[..<decimalPoint]) + "." + String(digits[decimalPoint...])
        }
        let fraction = digits.count > 1 ? "." + String(digits[1...]) : ""
        let exponentDigits = String(abs(scientific))
        return String(digits[0]) + fraction + "e" + (scientific < 0 ? "-" : "+")
            + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
    }

    /// No type with a precision: CPython's 'g' with `Py_DTSF_ADD_DOT_0`. `p` significant
    /// digits (at least 1), trailing zeros removed; scientific when the rounded decimal
    /// exponent is below -4 or at least `p - 1` (one less than plain 'g', because the
    /// fixed form must keep a digit after the point: `{:.1}` of 3.14 is `3e+00`).
    private static func generalKeepingPoint(_ value: Double, precision: Int) -> String {
        let digits = max(precision, 1)
        let scientific = printf("%.*e", digits - 1, value)
        let exponent = scientific.split(separator: "e").last.flatMap { Int($0) } ?? 0
        if exponent < -4 || exponent >= digits - 1 {
            let parts = scientific.split(separator: "e", maxSplits: 1)
            let mantissa = parts.first.map(String.init) ?? scientific
            return trimmingZeros(mantissa) + "e" + (parts.count > 1 ? String(parts[1]) : "")
        }
        let fixed = trimmingZeros(printf("%.*f", digits - 1 - exponent, value))
        return fixed.contains(".") ? fixed : fixed + ".0"
    }

    /// "1.500" -> "1.5", "2.000" -> "2", "120" -> "120".
    private static func trimmingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed = trimmed.dropLast() }
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    /// C's printf for one double with a precision: correctly rounded, as CPython's own.
    private static func printf(_ format: String, _ precision: Int, _ value: Double) -> String {
        let arguments: [CVarArg] = [Int32(precision), value]
        let length = withVaList(arguments) { vsnprintf(nil, 0, format, $0) }
        guard length > 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList(arguments) { vsnprintf(pointer.baseAddress, pointer.count, format, $0) }
        }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// `value` with `digits` significant digits, as C's `%g` writes it (`0.000142`, `1e-05`)
/// but always `nan` for a NaN, as Python does: glibc writes a NaN whose sign bit is set
/// (the one a failed operation makes) as `-nan`. Every number shown to users this way.
public func formatSignificant(_ value: Double, digits: Int = 6) -> String {
    PythonFormatSpec(precision: digits, type: "g").format(value)
}
