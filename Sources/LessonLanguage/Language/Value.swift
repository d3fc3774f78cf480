/// A value of the cell language.
///
/// Integers and floats stay distinct (`256` vs `256.0`) because some arguments need a
/// whole number; a float with an integral value is accepted there, `256.5` is not.
public enum Value: Equatable, Sendable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case tuple([Value])
    case list([Value])
    case function(LessonFunction)
    /// What a vocabulary constructor returns: `constant(0.05)`, `rmsprop()`,
    /// `model_checkpoint(...)`; arguments checked, defaults filled in.
    case object(StepObject)
    /// What `print` returns.
    case none
    /// A value only a run knows (`rmse` while checking a lesson without running it).
    /// Operations on it give `unknown`; checks of it pass.
    case unknown

    /// "an integer", "a string", ... for type errors.
    public var typeDescription: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "true or false"
        case .string: return "a string"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .function: return "a function"
        case .object(let o): return "\(o.name)(...)"
        case .none: return "nothing"
        case .unknown: return "a value known only when the lesson runs"
        }
    }

    /// The number as a Double, for `int` and `double`.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value as an Int when it is an integer or a float with an integral value.
    public var wholeNumber: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d, abs(d) < 9.0e15 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of a list or tuple.
    public var elements: [Value]? {
        switch self {
        case .list(let items), .tuple(let items): return items
        default: return nil
        }
    }

    public var object: StepObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements as Doubles when every element is a number.
    public var numbers: [Double]? {
        guard let items = elements else { return nil }
        var result: [Double] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let n = item.number else { return nil }
            result.append(n)
        }
        return result
    }

    /// A list of numbers, as step actions bind `predictions` and `truth`.
    public static func doubles(_ numbers: [Double]) -> Value { .list(numbers.map { .double($0) }) }
}

/// A function value: a built-in (`sin`) or one a cell defined (`f(x) = ...`).
/// User functions read globals when called, not when defined.
public struct LessonFunction: Equatable, Sendable {
    public var name: String
    public enum Body: Sendable {
        case builtin
        /// Boxed so that a `Value` stays a few words wide (debug builds keep many
        /// temporaries of it on the stack while evaluating nested expressions).
        case user(UserFunction)
    }
    public var body: Body

    /// Number of parameters when fixed (user functions: 1).
    public var parameterCount: Int? {
        if case .user = body { return 1 }
        return nil
    }

    public static func == (a: LessonFunction, b: LessonFunction) -> Bool {
        switch (a.body, b.body) {
        case (.builtin, .builtin): return a.name == b.name
        case (.user(let f), .user(let g)):
            return a.name == b.name && (f === g || (f.parameter == g.parameter && f.body == g.body
                                                     && f.cell.file == g.cell.file && f.cell.index == g.cell.index))
        default: return false
        }
    }
}

/// `f(x) = body` as a cell defined it; `cell` is where, so errors in the body point there.
public final class UserFunction: Sendable {
    public let parameter: String
    public let body: Expression
    public let cell: Cell

    public init(parameter: String, body: Expression, cell: Cell) {
        self.parameter = parameter
        self.body = body
        self.cell = cell
    }
}

/// A checked call to a vocabulary constructor (`constant(0.05)`), with every argument
/// of its signature present: given ones checked, missing optional ones at their default.
public struct StepObject: Equatable, Sendable {
    public var name: String
    public var arguments: [String: Value]

    public init(name: String, arguments: [String: Value]) {
        self.name = name
        self.arguments = arguments
    }

    public subscript(_ argument: String) -> Value? { arguments[argument] }
}
