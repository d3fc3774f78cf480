import Foundation

/// Arithmetic and comparison on values, with Python's meaning:
/// `int op int` stays an integer for `+ - * % **` (non-negative exponent), `/` always
/// gives a float, `%` takes the sign of the divisor. An integer result that would not fit
/// in 64 bits becomes a float; a float result that overflows to infinity is an error
/// (as Python's OverflowError), and so is division by zero.
public enum Operators {
    public static func unary(_ op: String, _ operand: Value, at position: SourcePosition) throws -> Value {
        if operand == .unknown { return .unknown }
        switch (op, operand) {
        case ("-", .int(let i)): return i == Int.min ? .double(-Double(i)) : .int(-i)
        case ("-", .double(let d)): return .double(-d)
        case ("+", .int), ("+", .double): return operand
        case ("not", .bool(let b)): return .bool(!b)
        case ("not", _):
            throw LanguageError("'not' needs true or false, got \(operand.typeDescription) \(show(operand))", position)
        default:
            throw LanguageError("unary '\(op)' needs a number, got \(operand.typeDescription) \(show(operand))", position)
        }
    }

    public static func binary(_ op: String, _ left: Value, _ right: Value, at position: SourcePosition) throws -> Value {
        if left == .unknown || right == .unknown { return .unknown }
        switch op {
        case "==": return .bool(equal(left, right))
        case "!=": return .bool(!equal(left, right))
        case "<", "<=", ">", ">=": return .bool(try compare(op, left, right, at: position))
        default: break
        }
        switch (left, right) {
        case (.int(let a), .int(let b)):
            return try integer(op, a, b, at: position)
        case (.string(let a), .string(let b)) where op == "+":
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == "+":
            return .list(a + b)
        case (.tuple(let a), .tuple(let b)) where op == "+":
            return .tuple(a + b)
        default:
            guard let a = left.number, let b = right.number else {
                throw LanguageError("'\(op)' cannot combine \(left.typeDescription) \(show(left)) "
                                    + "and \(right.typeDescription) \(show(right))", position)
            }
            return try float(op, a, b, at: position)
        }
    }

    private static func integer(_ op: String, _ a: Int, _ b: Int, at position: SourcePosition) throws -> Value {
        let result: (partialValue: Int, overflow: Bool)
        switch op {
        case "+": result = a.addingReportingOverflow(b)
        case "-": result = a.subtractingReportingOverflow(b)
        case "*": result = a.multipliedReportingOverflow(by: b)
        case "/": return try float(op, Double(a), Double(b), at: position)
        case "%":
            guard b != 0 else { throw LanguageError("division by zero in '%'", position) }
            if b == -1 { return .int(0) }
            let r = a % b
            return .int(r != 0 && (r < 0) != (b < 0) ? r + b : r)
        case "**":
            guard b >= 0 else { return try float(op, Double(a), Double(b), at: position) }
            guard let power = integerPower(a, b) else { return try float(op, Double(a), Double(b), at: position) }
            return .int(power)
        default:
            throw LanguageError("unknown operator '\(op)'", position)
        }
        return result.overflow ? try float(op, Double(a), Double(b), at: position) : .int(result.partialValue)
    }

    /// a**b by squaring; nil when it does not fit in an Int.
    private static func integerPower(_ a: Int, _ b: Int) -> Int? {
        var result = 1, base = a, exponent = b
        while exponent > 0 {
            if exponent & 1 == 1 {
                let (r, overflow) = result.multipliedReportingOverflow(by: base)
                if overflow { return nil }
                result = r
            }
            exponent >>= 1
            if exponent > 0 {
                let (square, overflow) = base.multipliedReportingOverflow(by: base)
                if overflow { return nil }
                base = square
            }
        }
        return result
    }

    private static func float(_ op: String, _ a: Double, _ b: Double, at position: SourcePosition) throws -> Value {
        let result: Double
        switch op {
        case "+": result = a + b
        case "-": result = a - b
        case "*": result = a * b
        case "/":
            guard b != 0 else { throw LanguageError("division by zero", position) }
            result = a / b
        case "%":
            guard b != 0 else { throw LanguageError("division by zero in '%'", position) }
            let r = fmod(a, b)
            result = r != 0 && (r < 0) != (b < 0) ? r + b : r
        case "**":
            if a == 0 && b < 0 {
                throw LanguageError("0 cannot be raised to a negative power", position)
            }
            if a < 0 && b.rounded() != b {
                throw LanguageError("a negative number to a fractional power has no real value", position)
            }
            result = pow(a, b)
        default:
            throw LanguageError("unknown operator '\(op)'", position)
        }
        guard result.isFinite || !(a.isFinite && b.isFinite) else {
            throw LanguageError("'\(op)' overflows: the result is too large for a number", position)
        }
        return .double(result)
    }

    /// Equality across types: numbers by value (`1 == 1.0`), containers element-wise.
    public static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = a.number, let y = b.number { return x == y }
        switch (a, b) {
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default:
            return a == b
        }
    }

    private static func compare(_ op: String, _ a: Value, _ b: Value, at position: SourcePosition) throws -> Bool {
        if let x = a.number, let y = b.number {
            switch op {
            case "<": return x < y
            case "<=": return x <= y
            case ">": return x > y
            default: return x >= y
            }
        }
        if let x = a.string, let y = b.string {
            switch op {
            case "<": return x < y
            case "<=": return x <= y
            case ">": return x > y
            default: return x >= y
            }
        }
        throw LanguageError("'\(op)' cannot compare \(a.typeDescription) \(show(a)) with \(b.typeDescription) \(show(b))", position)
    }

    /// A value as a message quotes it: cut short, so a megabyte string never fills the terminal.
    private static func show(_ value: Value) -> String { ValueFormatter.excerpt(value) }
}
