/// The calls a lesson's cells may make, as the interpreter checks them: each call's
/// signature (its parameters' types, ranges and defaults), the names a setup cell may
/// bind, and the statements the interpreter handles itself. The language knows no
/// step words of its own: the engine hands its vocabulary in as a table
/// (`LessonEngine/Vocabulary`), so `lesson check` finds wrong names, types and values
/// without the numerics.
public struct CallTable: Sendable {
    /// One argument of a call.
    public struct Parameter: Sendable {
        public var name: String
        public var type: ArgumentType
        /// Filled in when the argument is not given; nil with `required == false` means
        /// the argument is simply absent from `StepCall.arguments`.
        public var defaultValue: Value?
        public var required: Bool

        public static func required(_ name: String, _ type: ArgumentType) -> Parameter {
            Parameter(name: name, type: type, defaultValue: nil, required: true)
        }
        public static func optional(_ name: String, _ type: ArgumentType, _ defaultValue: Value? = nil) -> Parameter {
            Parameter(name: name, type: type, defaultValue: defaultValue, required: false)
        }
    }

    /// What a call is: a statement of some step kinds, or a constructor of a value
    /// usable as an argument anywhere (`constant(0.1)`).
    public enum Role: Equatable, Sendable {
        case statement(StepKind)
        case constructor
    }

    public struct Signature: Sendable {
        public var name: String
        public var role: Role
        /// In order: positional arguments fill these from the first.
        public var parameters: [Parameter]
        /// Globals a run of this call binds (`forecast` binds `predictions`, ...);
        /// checking binds them to `unknown` so later expressions can use them.
        public var binds: [String] = []
        /// A check across arguments, given the arguments with defaults filled in;
        /// returns a message or nil.
        public var rule: (@Sendable ([String: Value]) -> String?)?

        public init(name: String, role: Role, parameters: [Parameter], binds: [String] = [],
                    rule: (@Sendable ([String: Value]) -> String?)? = nil) {
            self.name = name
            self.role = role
            self.parameters = parameters
            self.binds = binds
            self.rule = rule
        }

        /// `lstm(units:, activation:, ...)` for messages.
        public var usage: String {
            "\(name)(" + parameters.map { "\($0.name):" }.joined(separator: " ") + ")"
        }
    }

    /// Every call except the built-in functions, by name.
    public var signatures: [String: Signature]
    /// Names a setup cell may bind, with their types; each becomes a `StepCall` named
    /// after it with the single argument `value`.
    public var setupSettings: [String: ArgumentType]
    /// Statements handled by the interpreter itself in any cell (`print`, nil) or in
    /// cells of one kind (`expect`, validate).
    public var interpreterStatements: [String: StepKind?]

    public init(signatures: [String: Signature], setupSettings: [String: ArgumentType],
                interpreterStatements: [String: StepKind?]) {
        self.signatures = signatures
        self.setupSettings = setupSettings
        self.interpreterStatements = interpreterStatements
    }

    /// Call statements allowed in a cell of `kind` (for suggestions and messages).
    public func statements(of kind: StepKind) -> [String] {
        signatures.values.filter { $0.role == .statement(kind) }.map(\.name).sorted()
            + interpreterStatements.filter { $0.value == nil || $0.value == kind }.keys.sorted()
    }

    /// The step kind whose cells accept the call `name`, if it is a statement.
    public func stepKind(of name: String) -> StepKind? {
        if case .statement(let kind)? = signatures[name]?.role { return kind }
        return interpreterStatements[name] ?? nil
    }
}
