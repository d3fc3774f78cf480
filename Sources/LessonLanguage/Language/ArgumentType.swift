/// What an argument of a step call accepts, and how its value is normalised for the
/// step actions (numbers become `.double`, whole numbers `.int`, shapes tuples of `.int`).
public indirect enum ArgumentType: Sendable {
    /// A whole number at least `minimum` and at most `maximum` (`256` or `256.0`, never `256.5`).
    case wholeNumber(minimum: Int, maximum: Int)
    /// A finite number in `range`.
    case number(NumberRange)
    case boolean
    /// Any non-empty string.
    case string
    /// A file or folder a lesson writes: a relative name without `..` (`fileNameProblem`).
    case fileName
    /// One of these strings.
    case choice([String])
    /// A colour name or `#rrggbb`.
    case color
    /// A tuple (or list) of positive whole numbers: `(LEN_SEQ, IN_NEUR)`.
    case shape
    /// A one-variable function: `f` after `f(x) = ...`, or a built-in such as `sin`.
    case function
    /// A value made by one of these constructors (`constant(0.1)`, `zeros()`).
    case object(kinds: [String], what: String)
    /// A list whose every element has the type.
    case list(of: ArgumentType)
    /// One column name or a list of them (`target: "a"` or `target: ["a", "b"]`),
    /// normalised to the list.
    case names

    public static let positiveWhole = ArgumentType.wholeNumber(minimum: 1, maximum: Int.max)
    public static let nonNegativeWhole = ArgumentType.wholeNumber(minimum: 0, maximum: Int.max)

    /// Ranges of `number` arguments.
    public enum NumberRange: Sendable {
        case any, positive, nonNegative
        /// 0 ≤ x < 1 (`validation_split`, `rho`).
        case fraction

        public func contains(_ x: Double) -> Bool {
            switch self {
            case .any: return true
            case .positive: return x > 0
            case .nonNegative: return x >= 0
            case .fraction: return x >= 0 && x < 1
            }
        }

        public var phrase: String {
            switch self {
            case .any: return "a number"
            case .positive: return "a number above 0"
            case .nonNegative: return "a number at least 0"
            case .fraction: return "a number from 0 up to (not including) 1"
            }
        }
    }

    public static let colorNames = ["red", "blue", "green", "black", "orange", "purple", "gray", "brown", "magenta", "cyan"]

    /// "a positive whole number", ... for messages.
    public var phrase: String {
        switch self {
        case .wholeNumber(let minimum, let maximum):
            if maximum != Int.max { return "a whole number from \(minimum) to \(maximum)" }
            return minimum == 1 ? "a positive whole number" : minimum == 0 ? "a whole number at least 0"
                : "a whole number at least \(minimum)"
        case .number(let range): return range.phrase
        case .boolean: return "true or false"
        case .string: return "a string"
        case .fileName: return "a file name inside the result folder, relative and without \"..\""
        case .choice(let options): return "one of " + options.map(ValueFormatter.quoted).joined(separator: ", ")
        case .color: return "a colour (" + ArgumentType.colorNames.map(ValueFormatter.quoted).joined(separator: ", ") + " or \"#rrggbb\")"
        case .shape: return "a tuple of positive whole numbers, as (80, 1)"
        case .function: return "a one-variable function, as f after f(x) = sin(x)"
        case .object(_, let what): return what
        case .list(let element): return "a list of " + element.phrase
        case .names: return "a column name or a list of them, as \"a\" or [\"a\", \"b\"]"
        }
    }

    /// The normalised value, or a message completing "<name> must be ...".
    /// `.unknown` passes (it is checked when the lesson runs).
    public func check(_ value: Value) -> Result<Value, ArgumentProblem> {
        if value == .unknown { return .success(value) }
        // Up to 200 characters: a constructor's whole call usually fits, a megabyte string does not.
        let got = ValueFormatter.excerpt(value, limit: 200)
        switch self {
        case .wholeNumber(let minimum, let maximum):
            guard value.number != nil else { return .failure(.init("must be \(phrase), got \(value.typeDescription) \(got)")) }
            guard let n = value.wholeNumber else { return .failure(.init("must be a whole number, got \(got)")) }
            guard n >= minimum && n <= maximum else { return .failure(.init("must be \(phrase), got \(n)")) }
            return .success(.int(n))
        case .number(let range):
            guard let x = value.number else { return .failure(.init("must be \(phrase), got \(value.typeDescription) \(got)")) }
            guard x.isFinite, range.contains(x) else { return .failure(.init("must be \(phrase), got \(got)")) }
            return .success(.double(x))
        case .boolean:
            guard value.bool != nil else { return .failure(.init("must be true or false, got \(got)")) }
            return .success(value)
        case .string:
            guard let s = value.string else { return .failure(.init("must be a string, got \(value.typeDescription) \(got)")) }
            guard !s.isEmpty else { return .failure(.init("must not be empty")) }
            return .success(value)
        case .fileName:
            guard let s = value.string, !s.isEmpty else { return .failure(.init("must be \(phrase), got \(got)")) }
            if let problem = ArgumentType.fileNameProblem(s) {
                return .failure(.init("must be \(problem), got \(got); \(ArgumentType.elsewhere)"))
            }
            return .success(value)
        case .choice(let options):
            guard let s = value.string else { return .failure(.init("must be \(phrase), got \(got)")) }
            guard options.contains(s) else {
                let hint = Suggestion.closest(to: s, among: options).map { " (did you mean \"\($0)\"?)" } ?? ""
                return .failure(.init("must be \(phrase), got \(got)\(hint)"))
            }
            return .success(value)
        case .color:
            guard let s = value.string else { return .failure(.init("must be \(phrase), got \(got)")) }
            let hex = s.hasPrefix("#") && s.count == 7 && s.dropFirst().allSatisfy(\.isHexDigit)
            guard hex || ArgumentType.colorNames.contains(s) else {
                let hint = Suggestion.closest(to: s, among: ArgumentType.colorNames).map { " (did you mean \"\($0)\"?)" } ?? ""
                return .failure(.init("must be \(phrase), got \(got)\(hint)"))
            }
            return .success(value)
        case .shape:
            guard let items = value.elements, !items.isEmpty else { return .failure(.init("must be \(phrase), got \(got)")) }
            var dimensions: [Value] = []
            for item in items {
                if item == .unknown { dimensions.append(item); continue }
                guard let n = item.wholeNumber, n >= 1 else { return .failure(.init("must be \(phrase), got \(got)")) }
                dimensions.append(.int(n))
            }
            return .success(.tuple(dimensions))
        case .function:
            guard case .function(let f) = value, f.parameterCount == nil || f.parameterCount == 1 else {
                return .failure(.init("must be \(phrase), got \(value.typeDescription) \(got)"))
            }
            return .success(value)
        case .object(let kinds, _):
            guard let object = value.object, kinds.contains(object.name) else {
                return .failure(.init("must be \(phrase), got \(got)"))
            }
            return .success(value)
        case .names:
            if value.string != nil { return ArgumentType.list(of: .string).check(.list([value])) }
            return ArgumentType.list(of: .string).check(value).mapError { _ in .init("must be \(phrase), got \(got)") }
        case .list(let element):
            guard let items = value.elements else { return .failure(.init("must be \(phrase), got \(got)")) }
            var checked: [Value] = []
            for (i, item) in items.enumerated() {
                switch element.check(item) {
                case .success(let v): checked.append(v)
                case .failure(let problem):
                    return .failure(.init("item \(i + 1) \(problem.message)"))
                }
            }
            return .success(.list(checked))
        }
    }
}

/// Why an argument was rejected: the end of "<argument> must be ...".
public struct ArgumentProblem: Error {
    public var message: String
    public init(_ message: String) {
        self.message = message
    }
}

public extension ArgumentType {
    /// What to do instead of writing outside: said in every refusal of a write.
    public static let elsewhere = "to put the results elsewhere, give --result-dir PATH on the command line"

    /// Longest part of a name a lesson gives, in UTF-8 bytes: file systems allow 255, and
    /// the temporary name a file is first written under adds up to 40 (SafeFiles `TemporaryName`).
    public static let maximumNamePart = 200

    /// Why `name` cannot name a file a cell writes, completing "... must be ...";
    /// nil when it can.
    public static func fileNameProblem(_ name: String) -> String? {
        if name.hasPrefix("/") || name.split(separator: "/").contains("..") {
            return ArgumentType.fileName.phrase
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "a file name without control characters (a newline, a tab)"
        }
        if let long = name.split(separator: "/").first(where: { $0.utf8.count > maximumNamePart }) {
            return "a file name whose parts are at most \(maximumNamePart) bytes long (one is \(long.utf8.count))"
        }
        return nil
    }

}
