import Foundation

/// Functions and constants available in every cell: `sin cos tan exp log sqrt abs min
/// max floor round`, `pi`, `e`, and `rand()` (handled by the interpreter, which owns the
/// lesson's generator). Domain errors and overflow are lesson errors, never NaN or a trap.
public enum Builtins {
    public static let constants: [String: Value] = ["pi": .double(Double.pi), "e": .double(exp(1.0))]

    /// Allowed argument counts.
    public static let arity: [String: ClosedRange<Int>] = [
        "sin": 1...1, "cos": 1...1, "tan": 1...1, "exp": 1...1, "log": 1...1, "sqrt": 1...1,
        "abs": 1...1, "floor": 1...1, "round": 1...2, "min": 1...Int.max, "max": 1...Int.max, "rand": 0...0,
    ]

    public static var functionNames: [String] { Array(arity.keys) }

    /// Calls the built-in `name` (already known to exist, arity already checked).
    /// `positions[i]` is where argument i starts, for errors about it.
    public static func call(_ name: String, _ args: [Value], _ positions: [SourcePosition]) throws -> Value {
        if args.contains(.unknown) { return .unknown }
        switch name {
        case "sin", "cos", "tan", "exp", "log", "sqrt":
            let x = try number(args[0], for: name, at: positions[0])
            let result: Double
            switch name {
            case "sin": result = sin(x)
            case "cos": result = cos(x)
            case "tan": result = tan(x)
            case "exp": result = exp(x)
            case "log":
                guard x > 0 else { throw LanguageError("log needs a number above 0, got \(show(args[0]))", positions[0]) }
                result = log(x)
            default:
                guard x >= 0 else { throw LanguageError("sqrt needs a number at least 0, got \(show(args[0]))", positions[0]) }
                result = sqrt(x)
            }
            guard result.isFinite || !x.isFinite else {
                throw LanguageError("\(name)(\(show(args[0]))) is too large for a number", positions[0])
            }
            return .double(result)
        case "abs":
            switch args[0] {
            case .int(let i): return i == Int.min ? .double(-Double(i)) : .int(Swift.abs(i))
            default: return .double(Swift.abs(try number(args[0], for: name, at: positions[0])))
            }
        case "floor", "round":
            let x = try number(args[0], for: name, at: positions[0])
            if name == "round", args.count == 2 {
                guard let digits = args[1].wholeNumber, digits >= -308, digits <= 308 else {
                    throw LanguageError("round's second argument (digits) must be a whole number, got \(show(args[1]))", positions[1])
                }
                let scale = pow(10.0, Double(Swift.abs(digits)))
                let rounded = digits >= 0 ? (x * scale).rounded(.toNearestOrEven) / scale
                                          : (x / scale).rounded(.toNearestOrEven) * scale
                return .double(rounded.isFinite ? rounded : x)
            }
            if case .int = args[0] { return args[0] }
            // Python: floor rounds down; round(x) rounds half to even (round(2.5) == 2).
            let rounded = name == "floor" ? x.rounded(.down) : x.rounded(.toNearestOrEven)
            guard rounded.isFinite, Swift.abs(rounded) < 9.2e18 else {
                throw LanguageError("\(name) of \(show(args[0])) is not a whole number", positions[0])
            }
            return .int(Int(rounded))
        case "min", "max":
            var candidates = args
            var candidatePositions = positions
            if args.count == 1 {
                guard let items = args[0].elements, !items.isEmpty else {
                    throw LanguageError("\(name) of one value needs a non-empty list, got \(show(args[0]))", positions[0])
                }
                candidates = items
                candidatePositions = Array(repeating: positions[0], count: items.count)
            }
            if candidates.contains(.unknown) { return .unknown }
            var best = candidates[0]
            var bestNumber = try number(best, for: name, at: candidatePositions[0])
            for (value, position) in zip(candidates, candidatePositions).dropFirst() {
                let x = try number(value, for: name, at: position)
                if name == "min" ? x < bestNumber : x > bestNumber {
                    best = value
                    bestNumber = x
                }
            }
            return best
        default:
            throw LanguageError("unknown built-in '\(name)'", positions.first ?? SourcePosition(line: 1, column: 1))
        }
    }

    private static func number(_ value: Value, for name: String, at position: SourcePosition) throws -> Double {
        guard let x = value.number else {
            throw LanguageError("\(name) needs a number, got \(value.typeDescription) \(show(value))", position)
        }
        return x
    }

    /// A value as a message quotes it: cut short, so a megabyte string never fills the terminal.
    public static func show(_ value: Value) -> String { ValueFormatter.excerpt(value) }
}
