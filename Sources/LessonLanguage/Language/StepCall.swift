/// A checked call statement of a cell, ready for its step action: `lstm(units: 300)`
/// arrives as name "lstm" with every argument of its signature (positional ones under
/// their names, missing optional ones at their defaults, numbers normalised: whole
/// numbers `.int`, other numbers `.double`). A setup cell's `seed = 0` arrives as name
/// "seed" with the argument "value".
public struct StepCall: Sendable {
    public var name: String
    public var arguments: [String: Value]
    /// The cell's step kind and 1-based index.
    public var step: StepKind
    public var cellIndex: Int
    /// Where the call starts in the lesson file.
    public var file: String
    public var line: Int
    public var column: Int
    /// The file line of the call, for error carets.
    public var sourceLine: String

    public subscript(_ argument: String) -> Value? { arguments[argument] }

    /// A lesson error located at this call, for step actions to throw
    /// (a CSV file that is missing, a `fit` without data, ...).
    public func error(_ message: String, kind: LessonError.Kind = .invalidLesson) -> LessonError {
        LessonError(message, file: file, line: line, column: column, step: step, sourceLine: sourceLine, kind: kind)
    }

    /// The argument as an Int (arguments typed as whole numbers always are).
    public func integer(_ argument: String) -> Int? { arguments[argument]?.wholeNumber }
    public func number(_ argument: String) -> Double? { arguments[argument]?.number }
    public func string(_ argument: String) -> String? { arguments[argument]?.string }
    public func bool(_ argument: String) -> Bool? { arguments[argument]?.bool }

    /// An argument the vocabulary guarantees (required, or filled in with its default),
    /// read as `read` gives it (`\.wholeNumber`): the default lives in the vocabulary
    /// alone. Missing or of another type, it is an internal error.
    public func value<T>(_ argument: String, _ read: (Value) -> T?) throws -> T {
        try value(argument, in: arguments, read)
    }

    /// The same for an argument of a constructor's value (`early_stopping(patience:)`).
    public func value<T>(_ argument: String, of object: StepObject, _ read: (Value) -> T?) throws -> T {
        try value(argument, in: object.arguments, read, owner: object.name)
    }

    private func value<T>(_ argument: String, in arguments: [String: Value], _ read: (Value) -> T?,
                          owner: String? = nil) throws -> T {
        guard let value = arguments[argument].flatMap(read) else {
            throw error("\(owner ?? name)(...) has no usable \(argument) (an internal error)")
        }
        return value
    }
}

/// Carries out step calls. The runner's step actions implement it to train and plot;
/// `LessonChecker` implements it to check order without running anything.
public protocol StepPerformer: AnyObject {
    /// Performs one call of `interpreter`'s running cell. Returns the globals to bind
    /// (`forecast` returns `predictions`, `truth`, `rmse`, `mae`). Throw `call.error(...)`
    /// for a located message; other errors are wrapped at the call's position.
    func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value]
}

/// What running one cell did, for the cache key and `lesson list`.
public struct CellRun: Sendable {
    /// Globals the cell read (including those read by functions it called).
    public var namesRead: Set<String>
    /// Globals the cell bound, in order of binding.
    public var namesBound: [String]
    /// Names whose `--set` override replaced what the cell computed (for the cache key).
    public var overridesApplied: [String]
    /// The overrides among them whose value differs from what the cell computed, to show.
    public var replacements: [OverrideReplacement] = []
    /// The checked step calls, in order.
    public var calls: [StepCall]
}

/// Ctrl-C or SIGTERM stopping a step: the interpreter passes it on untouched (the
/// engine's `RunInterrupted` and `CellInterrupted`), where any other error a step throws
/// becomes a lesson error at the call.
public protocol Interruption: Error {}
