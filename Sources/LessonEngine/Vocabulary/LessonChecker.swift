import LessonLanguage
import Foundation

/// `lesson check`: parses a lesson and evaluates every cell in order without running
/// any step action. Constants and expressions are computed, every call is checked
/// against the vocabulary (names, types, ranges), functions given to `series` are
/// evaluated once on an unknown `x` (catching unknown names in their bodies), and the
/// order of steps is checked: a fit needs a compiled model and windows before it, a
/// forecast needs a model (from a model cell or `load_model`), and so on. Shapes are
/// checked where the values are known: stacked recurrent layers need `return_sequences: true`
/// below them, the model must end in H·k units (targets are H steps of k predicted
/// columns a window), the input's steps must equal the windows' length and its features
/// the series' columns, and a forecast of several columns is plotted one `column:` at a time.
/// `rand()` is `unknown` here, so checking never touches the lesson's generator.
public final class LessonChecker: StepPerformer {
    private var layers = 0
    private var compiled = false
    private var hasInput = false
    private var hasSeries = false
    private var hasWindows = false
    private var hasFit = false
    private var hasModelInValidate = false
    private var hasForecast = false
    /// Steps and features of `input(shape: (steps, features))`, when known.
    private var inputSteps: Value?
    private var inputFeatures: Value?
    /// Units of the last layer, and whether it returns every step (an LSTM with
    /// `return_sequences: true`).
    private var outputUnits: Value?
    private var returnsSequences = false
    /// The kind of the last recurrent layer so far (for messages).
    private var lastRecurrent = "lstm"
    private var windowLength: Value?
    /// `count` of a function's series minus its `difference` (nil for a CSV's, known only when read).
    private var seriesCount: Int?
    /// The series' columns and predicted columns, when the cell names them as literals
    /// (a function's series: one column).
    private var seriesColumns: [String]?
    private var predictedColumns: [String]?
    /// `windows(horizon:)`, when known.
    private var horizon: Int?

    /// The lesson's file and the run's options, for the paths cells read and write.
    private let lesson: Lesson
    private let options: RunOptions

    init(lesson: Lesson, options: RunOptions) {
        self.lesson = lesson
        self.options = options
    }

    /// Checks every cell of `lesson`; throws the first error. `options` give the result
    /// folder and the folders reads may come from (`--result-dir`, `--allow-read`). `overrides` replace what
    /// cells bind, as `--set` does; an override no cell binds is a usage error listing
    /// the names that can be set. Returns the globals as checking left them (values
    /// only a run knows are `unknown`), e.g. setup's `result_dir`, and the values the
    /// overrides replaced.
    /// `limits` bound the values cells build, as in a run (tests make them small).
    @discardableResult
    public static func check(_ lesson: Lesson, overrides: [String: Value] = [:], options: RunOptions? = nil,
                             limits: ValueLimits = .standard) throws -> Checked {
        let checker = LessonChecker(lesson: lesson, options: options ?? RunOptions(lessonPath: lesson.path))
        let interpreter = Interpreter(calls: Vocabulary.table, limits: limits, random: nil, output: { _ in })
        if options?.resultDirectory != nil { interpreter.replacedSettings = ["result_dir"] }
        interpreter.overrides = overrides
        var bound: Set<String> = []
        var replacements: [Int: [OverrideReplacement]] = [:]
        for cell in lesson.cells {
            if cell.kind == .model { checker.startModelCell() }
            let run = try interpreter.run(cell, performer: checker)
            bound.formUnion(run.namesBound)
            if !run.replacements.isEmpty { replacements[cell.index] = run.replacements }
        }
        for name in overrides.keys.sorted() where !bound.contains(name) && !CellWalk.settableSetup.contains(name) {
            // Names a step binds (`rmse`) are results, not constants a user can set.
            let results = Set(Vocabulary.signatures.values.flatMap(\.binds))
            let settable = bound.filter { name in
                if case .function? = interpreter.globals[name] { return false }
                return !results.contains(name)
            }.sorted()
            throw LessonError("--set \(name): no cell of the lesson binds \(name)"
                              + Suggestion.hint(for: name, among: settable, otherwise: settable.isEmpty
                                  ? "the lesson binds no names" : "the names it binds are " + settable.joined(separator: ", ")),
                              file: lesson.path, line: 0, column: 0, kind: .usage)
        }
        return Checked(globals: interpreter.globals, replacements: replacements, bound: bound)
    }

    /// What checking a lesson found.
    public struct Checked {
        /// The globals as the last cell left them; values only a run knows are `unknown`.
        public var globals: [String: Value]
        /// By cell index, the values `--set` replaced in that cell (`lesson step` marks them).
        public var replacements: [Int: [OverrideReplacement]]
        /// Every name some cell binds (by assignment or definition).
        public var bound: Set<String>

        /// Whether `--set name=...` gives the run another value than the lesson as written:
        /// a name some cell binds changes when a cell reported a replacement (the
        /// interpreter compared the computed values); a setting no cell binds changes when
        /// it differs from the run's default, seed 0 and one thread per core.
        public func changes(_ name: String, to value: Value) -> Bool {
            if bound.contains(name) { return replacements.values.contains { $0.contains { $0.name == name } } }
            switch name {
            case "seed": return value.wholeNumber != 0
            case "threads": return value.wholeNumber != ProcessInfo.processInfo.activeProcessorCount
            default: return true
            }
        }
    }

    /// A model cell describes a new model from its first line, as a run does (a lesson may
    /// train two models, one after the other); compiling it forgets the earlier fit.
    private func startModelCell() {
        layers = 0
        compiled = false
        hasInput = false
        inputSteps = nil
        inputFeatures = nil
        outputUnits = nil
        returnsSequences = false
        lastRecurrent = "lstm"
    }

    public func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
        switch call.name {
        case "input":
            guard layers == 0 && !hasInput else { throw call.error("input(shape:) must come before the layers") }
            hasInput = true
            if case .tuple(let dimensions)? = call["shape"] {
                inputSteps = dimensions.first
                inputFeatures = dimensions.count == 2 ? dimensions[1] : nil
            }
        case "lstm", "gru", "simple_rnn", "recurrent", "dense":
            guard !compiled else { throw call.error("\(call.name)(...) comes after compile(...); add layers before compiling") }
            let isRecurrent = call.name != "dense"
            // `recurrent(kind:)` names its kind in messages when it is known.
            let kind = call.name == "recurrent" ? call.string("kind") ?? "recurrent layer" : call.name
            if isRecurrent && layers > 0 && !returnsSequences {
                throw call.error("the layer before this \(kind) gives one vector a window; "
                                 + "to stack recurrent layers, give the \(lastRecurrent) below return_sequences: true")
            }
            if !isRecurrent && returnsSequences {
                throw call.error("the \(lastRecurrent) before this dense returns every step (return_sequences: true); "
                                 + "the targets are values, not sequences, so give it return_sequences: false")
            }
            layers += 1
            outputUnits = call["units"]
            returnsSequences = isRecurrent && call.bool("return_sequences") == true
            if isRecurrent { lastRecurrent = kind }
        case "compile":
            guard layers > 0 else { throw call.error("compile(...) needs at least one layer (lstm, gru, simple_rnn or dense) before it") }
            if returnsSequences {
                throw call.error("the last \(lastRecurrent) returns every step (return_sequences: true); "
                                 + "the targets are values, not sequences, so end the model with return_sequences: false or a dense layer")
            }
            guard hasInput else { throw call.error(.compileNeedsInput) }
            compiled = true
            hasFit = false
        case "result_dir":
            _ = try paths(call, resultDir: call["value"])
        case "series":
            if let name = call.string("csv") { _ = try readable(name, for: call, interpreter) }
            if let function = call["function"] {
                // Evaluates the body once on an unknown x: unknown names and wrong calls surface now.
                _ = try interpreter.apply(function, to: [.unknown], for: call)
            }
            hasSeries = true
            hasWindows = false
            horizon = nil
            seriesCount = call.integer("count").map { $0 - (call.integer("difference") ?? 0) }
            if call["columns"] == nil {
                seriesColumns = [call.string("column") ?? "value"]
            } else if let items = call["columns"]?.elements, items.allSatisfy({ $0.string != nil }) {
                seriesColumns = items.compactMap(\.string)
            } else {
                seriesColumns = nil
            }
            if let items = call["target"]?.elements {
                predictedColumns = items.allSatisfy({ $0.string != nil }) ? items.compactMap(\.string) : nil
            } else {
                predictedColumns = seriesColumns
            }
        case "windows":
            guard hasSeries else { throw call.error(.windowsNeedSeries) }
            horizon = call.integer("horizon")
            if let count = seriesCount, let length = call.integer("length"), let horizon,
               let problem = StepRules.windowsProblem(count: count, length: length, horizon: horizon) {
                throw call.error(problem)
            }
            hasWindows = true
            windowLength = call["length"]
        case "shuffle":
            guard hasWindows else { throw call.error(.shuffleNeedsWindows) }
        case "fit":
            guard compiled else { throw call.error(.fitNeedsModel) }
            guard hasWindows else { throw call.error(.fitNeedsData) }
            if let steps = inputSteps, let length = windowLength, steps != .unknown, length != .unknown, steps != length {
                throw call.error(StepRules.windowMismatch(steps: ValueFormatter.representation(steps),
                                                          length: ValueFormatter.representation(length)))
            }
            try checkShapes(call)
            hasFit = true
        case "load_model":
            if let name = call.string("path"), name != "best" { _ = try readable(name, for: call, interpreter) }
            if call.string("path") == "best" && !hasFit { throw call.error(.bestNeedsFit) }
            hasModelInValidate = true
        case "forecast":
            guard compiled || hasModelInValidate else { throw call.error(.forecastNeedsModel) }
            guard hasSeries else { throw call.error(.forecastNeedsSeries) }
            hasForecast = true
            if let columns = seriesColumns, columns.count > 1, let predicted = predictedColumns {
                var bindings: [String: Value] = [:]
                for name in Vocabulary.signatures["forecast"]?.binds ?? [] { bindings[name] = .unknown }
                for column in predicted {
                    for prefix in ForecastPlan.columnBindings { bindings[prefix + ForecastPlan.bindingSuffix(column)] = .unknown }
                }
                return bindings
            }
        case "plot":
            guard hasForecast else { throw call.error(.plotNeedsForecast) }
            if let predicted = predictedColumns, let columns = seriesColumns, columns.count > 1 {
                guard let column = call.string("column") else {
                    if predicted.count > 1 { throw call.error(StepRules.plotNeedsColumn(predicted)) }
                    break
                }
                if !predicted.contains(column) { throw call.error(StepRules.plotColumnProblem(column, predicted: predicted)) }
            }
        default:
            break
        }
        var bindings: [String: Value] = [:]
        for name in Vocabulary.signatures[call.name]?.binds ?? [] { bindings[name] = .unknown }
        return bindings
    }

    /// At a fit, where the model cell and the data cell meet: the input's features are the
    /// series' columns, the last layer's units the targets' H·k values, and `rollout:`
    /// works on one column with a horizon of one.
    private func checkShapes(_ call: StepCall) throws {
        let columns = seriesColumns?.count
        if let features = inputFeatures?.wholeNumber, let columns, features != columns {
            throw call.error(StepRules.featureMismatch(features: String(features), columns: columns))
        }
        if let units = outputUnits, units != .unknown, let horizon, let predicted = predictedColumns?.count,
           units != .int(horizon * predicted) {
            throw call.error(StepRules.outputMismatch(units: ValueFormatter.representation(units), horizon: horizon,
                                                      predicted: predicted))
        }
        if let rollout = call.integer("rollout"),
           let problem = StepRules.rolloutProblem(rollout: rollout, horizon: horizon ?? 1, columns: columns ?? 1) {
            throw call.error(problem)
        }
    }

    /// Where the lesson reads and writes with the setup cell's `result_dir` so far.
    private func paths(_ call: StepCall, resultDir: Value?) throws -> LessonPaths {
        do {
            let folder = try LessonPaths.resultFolder(slug: lesson.slug, options: options, resultDir: resultDir)
            return LessonPaths(lessonPath: lesson.path, resultFolder: folder, allowedReads: options.allowedReads)
        } catch let refusal as PathRefusal {
            throw call.error(refusal.message)
        }
    }

    private func readable(_ name: String, for call: StepCall, _ interpreter: Interpreter) throws -> String {
        do {
            return try paths(call, resultDir: interpreter.globals["result_dir"]).readable(name)
        } catch let refusal as PathRefusal {
            throw call.error(refusal.message)
        }
    }
}
