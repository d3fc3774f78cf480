import LessonLanguage
import LSTMCore

/// The calls each step kind accepts (README.md, "Step vocabulary"), with every
/// argument's type, range and default. The interpreter checks each call against this
/// table before any step action sees it, so `lesson check` finds wrong names, types
/// and values without running the numerics.
public enum Vocabulary {
    typealias Parameter = CallTable.Parameter
    typealias Signature = CallTable.Signature

    /// The table the interpreter checks calls against.
    public static let table = CallTable(signatures: signatures, setupSettings: setupSettings,
                                        interpreterStatements: interpreterStatements)

    static let activations = ["linear", "tanh", "relu", "sigmoid", "hard_sigmoid"]
    static let recurrentActivations = ["sigmoid", "hard_sigmoid"]
    static let monitors = ["loss", "val_loss"]
    /// `series(scale:)`: mean 0 and variance 1 per column (`SeriesTransform`).
    static let scales = ["standard"]
    static let initializers = ["constant", "zeros", "glorot_uniform", "orthogonal"]
    static let initializer = ArgumentType.object(
        kinds: initializers, what: "an initializer: constant(x), zeros(), glorot_uniform() or orthogonal()")
    static let callbacks = ArgumentType.object(
        kinds: ["model_checkpoint", "early_stopping", "reduce_lr_on_plateau"],
        what: "model_checkpoint(...), early_stopping(...) or reduce_lr_on_plateau(...)")

    private static func make(_ name: String) -> Value { .object(StepObject(name: name, arguments: [:])) }

    /// Every call of the language except the built-in functions, by name.
    static let signatures: [String: Signature] = {
        let list: [Signature] = [
            // model
            Signature(name: "input", role: .statement(.model), parameters: [.required("shape", .shape)], rule: StepRules.input),
            Signature(name: "lstm", role: .statement(.model), parameters: [
                .required("units", units),
                .optional("activation", .choice(activations), .string("tanh")),
                .optional("recurrent_activation", .choice(recurrentActivations), .string("sigmoid")),
                .optional("bias_initializer", initializer, make("zeros")),
                .optional("unit_forget_bias", .boolean, .bool(true)),
                .optional("return_sequences", .boolean, .bool(false)),
            ]),
            Signature(name: "gru", role: .statement(.model), parameters: [
                .required("units", units),
                .optional("activation", .choice(activations), .string("tanh")),
                .optional("recurrent_activation", .choice(recurrentActivations), .string("sigmoid")),
                .optional("reset_after", .boolean, .bool(true)),
                .optional("return_sequences", .boolean, .bool(false)),
            ]),
            Signature(name: "simple_rnn", role: .statement(.model), parameters: [
                .required("units", units),
                .optional("activation", .choice(activations), .string("tanh")),
                .optional("return_sequences", .boolean, .bool(false)),
            ]),
            Signature(name: "recurrent", role: .statement(.model), parameters: [
                .required("kind", .choice(LayerConfig.recurrentKinds)),
                .required("units", units),
                .optional("return_sequences", .boolean, .bool(false)),
            ]),
            Signature(name: "dense", role: .statement(.model), parameters: [
                .required("units", units),
                .optional("activation", .choice(activations), .string("linear")),
            ]),
            Signature(name: "compile", role: .statement(.model), parameters: [
                .optional("loss", .choice(["mean_squared_error"]), .string("mean_squared_error")),
                .optional("optimizer", .object(kinds: ["rmsprop"], what: "rmsprop(...)"),
                          .object(StepObject(name: "rmsprop", arguments: rmspropDefaults))),
            ]),
            // data
            Signature(name: "series", role: .statement(.data), parameters: [
                .optional("function", .function),
                .optional("count", .wholeNumber(minimum: 1, maximum: maximumSeries)),
                .optional("csv", .string),
                .optional("column", .string),
                .optional("holdout", .nonNegativeWhole),
                .optional("columns", .list(of: .string)),
                .optional("target", .names),
                .optional("scale", .choice(scales)),
                .optional("difference", .wholeNumber(minimum: 1, maximum: maximumSeries)),
            ], rule: StepRules.series),
            Signature(name: "windows", role: .statement(.data), parameters: [
                .required("length", .positiveWhole),
                .optional("horizon", .wholeNumber(minimum: 1, maximum: maximumForecast), .int(1)),
            ]),
            Signature(name: "shuffle", role: .statement(.data), parameters: []),
            // fit
            Signature(name: "fit", role: .statement(.fit), parameters: [
                .optional("batch_size", .positiveWhole, .int(32)),
                .optional("epochs", .positiveWhole, .int(1)),
                .optional("validation_split", .number(.fraction), .double(0)),
                .optional("shuffle", .boolean, .bool(true)),
                .optional("callbacks", .list(of: callbacks), .list([])),
                .optional("rollout", .wholeNumber(minimum: 1, maximum: maximumRollout), .int(1)),
            ], rule: StepRules.fit),
            // validate
            Signature(name: "load_model", role: .statement(.validate), parameters: [
                .optional("path", .string, .string("best")),
            ], binds: ["best_epoch", "best_val_loss", "checkpoint"]),
            Signature(name: "forecast", role: .statement(.validate),
                      parameters: [.required("steps", .wholeNumber(minimum: 1, maximum: maximumForecast))],
                      binds: ["predictions", "truth", "rmse", "mae"]),
            Signature(name: "plot", role: .statement(.validate), parameters: [
                .optional("file", .fileName, .string("prediction.png")),
                .optional("truth", .color, .string("red")),
                .optional("prediction", .color, .string("blue")),
                .optional("label", .string, .string("prediction")),
                .optional("compare", .list(of: .number(.any))),
                .optional("compare_label", .string, .string("compared")),
                .optional("compare_color", .color, .string("green")),
                .optional("column", .string),
                .optional("scale", .wholeNumber(minimum: 1, maximum: maximumChartScale), .int(1)),
            ]),
            // constructors, usable in any cell
            Signature(name: "constant", role: .constructor, parameters: [.required("value", .number(.any))]),
            Signature(name: "zeros", role: .constructor, parameters: []),
            Signature(name: "glorot_uniform", role: .constructor, parameters: []),
            Signature(name: "orthogonal", role: .constructor, parameters: []),
            Signature(name: "rmsprop", role: .constructor, parameters: [
                .optional("learning_rate", .number(.positive), rmspropDefaults["learning_rate"]),
                .optional("rho", .number(.fraction), rmspropDefaults["rho"]),
                .optional("epsilon", .number(.positive), rmspropDefaults["epsilon"]),
            ]),
            Signature(name: "model_checkpoint", role: .constructor, parameters: [
                .required("filepath", .fileName),
                .optional("monitor", .choice(monitors), .string("val_loss")),
                .optional("save_best_only", .boolean, .bool(false)),
            ], rule: StepRules.modelCheckpoint),
            Signature(name: "early_stopping", role: .constructor, parameters: [
                .optional("monitor", .choice(monitors), .string("val_loss")),
                .optional("patience", .nonNegativeWhole, .int(0)),
                .optional("min_delta", .number(.nonNegative), .double(0)),
            ]),
            Signature(name: "reduce_lr_on_plateau", role: .constructor, parameters: [
                .optional("monitor", .choice(monitors), .string("val_loss")),
                .optional("factor", .number(.fraction), .double(0.1)),
                .optional("patience", .nonNegativeWhole, .int(10)),
                .optional("min_delta", .number(.nonNegative), .double(1e-4)),
                .optional("cooldown", .nonNegativeWhole, .int(0)),
                .optional("min_lr", .number(.nonNegative), .double(0)),
            ], rule: StepRules.reduceLROnPlateau),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    /// Units of a layer: as many as LSTMCore builds.
    static let units = ArgumentType.wholeNumber(minimum: 1, maximum: Architecture.maximumSize)
    /// Longest series accepted (10 million values), so a typo cannot exhaust memory.
    static let maximumSeries = 10_000_000
    /// Longest forecast accepted.
    static let maximumForecast = 1_000_000

    /// Largest `plot(scale:)`: 4 draws 4800×2400 (`LineChart.scale`).
    static let maximumChartScale = 4

    /// Most predictions a closed-loop training rollout may feed back (`fit(rollout:)`).
    static let maximumRollout = 1000

    /// Keras 3's RMSprop defaults.
    static let rmspropDefaults: [String: Value] = [
        "learning_rate": .double(0.001), "rho": .double(0.9), "epsilon": .double(1e-7),
    ]

    /// Names a setup cell may bind, with their types; each becomes a `StepCall`
    /// named after it with the single argument `value`.
    static let setupSettings: [String: ArgumentType] = [
        "seed": .wholeNumber(minimum: 0, maximum: 4_294_967_295),
        "threads": .positiveWhole,
        "result_dir": .fileName,
    ]

    /// Statements handled by the interpreter itself in any cell (`print`) or in
    /// validate cells (`expect`).
    static let interpreterStatements: [String: StepKind?] = ["print": nil, "expect": .validate]

    /// Call statements allowed in a cell of `kind` (for suggestions and messages).
    static func statements(of kind: StepKind) -> [String] { table.statements(of: kind) }

    /// The step kind whose cells accept the call `name`, if it is a statement.
    static func stepKind(of name: String) -> StepKind? { table.stepKind(of: name) }
}
