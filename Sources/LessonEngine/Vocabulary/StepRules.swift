import LessonLanguage
import LSTMCore

/// The rules a step call keeps beyond each argument's own type, range and default
/// (those are the parameters in `Vocabulary.signatures`): which arguments go together,
/// and what must come before a call. The interpreter applies a signature's rule to
/// every call, so `lesson check` gives the message wherever the values are known
/// without running (literals and constants) and a run gives the same one otherwise;
/// the checker and the step actions throw the same `Prerequisite`s.
enum StepRules {
    /// `input(shape:)` takes the steps of a window and the features of a step, the
    /// series' columns (one for `column:` or a function; the checker and the fit compare
    /// them with the data cell's).
    static func input(_ arguments: [String: Value]) -> String? {
        guard case .tuple(let dimensions)? = arguments["shape"] else { return nil }
        guard dimensions.count == 2 else { return inputUsage + "; got \(dimensions.count) dimensions" }
        if let steps = dimensions[0].wholeNumber, steps > Architecture.maximumSize { return inputUsage + "; got \(steps) steps" }
        return nil
    }

    static let inputUsage = "input(shape:) takes (steps, features) of positive whole numbers, steps up to "
        + "\(Architecture.maximumSize), as (80, 1)"

    /// `fit(...)`: one callback of each kind, and `val_loss` only with validation data.
    static func fit(_ arguments: [String: Value]) -> String? {
        let callbacks = (arguments["callbacks"]?.elements ?? []).compactMap(\.object)
        var seen: Set<String> = []
        for callback in callbacks {
            guard seen.insert(callback.name).inserted else { return "fit takes one \(callback.name)" }
        }
        // An unknown split (from rand()) is checked when the lesson runs.
        guard let split = arguments["validation_split"]?.number, split <= 0 else { return nil }
        for callback in callbacks {
            if callback["monitor"]?.string == "val_loss" {
                return "\(callback.name) monitors val_loss, which needs validation_split above 0 (or monitor: \"loss\")"
            }
            if callback.name == "model_checkpoint", let filepath = callback["filepath"]?.string,
               case .success(let template) = checkpointTemplate(filepath), template.fields.contains(.valLoss) {
                return "the checkpoint file name uses {val_loss}, which needs validation_split above 0"
            }
        }
        return nil
    }

    /// `model_checkpoint(filepath:)` must be a template Keras could fill, and the names
    /// it makes must stay in the fit's folder (a fill character can make `../`) and fit
    /// a file system: this tries the first epoch and a wide one (epoch 999999, losses
    /// -1234567.25); the run checks every name it makes.
    static func modelCheckpoint(_ arguments: [String: Value]) -> String? {
        guard let filepath = arguments["filepath"]?.string else { return nil }
        switch checkpointTemplate(filepath) {
        case .failure(let problem): return problem.message
        case .success(let template):
            for (epoch, loss) in [(1, 0.5), (999_999, -1_234_567.25)] {
                guard let name = try? template.filename(epoch: epoch, loss: loss, valLoss: loss),
                      let problem = LessonPaths.writableNameProblem(name) else { continue }
                return "model_checkpoint filepath \(ValueFormatter.quoted(filepath)) makes names such as "
                    + "\(ValueFormatter.quoted(String(name.prefix(80)) + (name.count > 80 ? "..." : ""))), "
                    + "but a file a lesson writes must be \(problem); \(LessonPaths.elsewhere)"
            }
            return nil
        }
    }

    /// The parsed checkpoint template, or the message that names its fault.
    static func checkpointTemplate(_ filepath: String) -> Result<CheckpointTemplate, ArgumentProblem> {
        do {
            return .success(try CheckpointTemplate(filepath))
        } catch let error as CheckpointTemplateError {
            return .failure(ArgumentProblem("model_checkpoint filepath: \(error.description)"))
        } catch {
            return .failure(ArgumentProblem("model_checkpoint filepath: \(error)"))
        }
    }

    /// `reduce_lr_on_plateau(factor:)` must lower the rate (LSTMCore's own rule).
    static func reduceLROnPlateau(_ arguments: [String: Value]) -> String? {
        guard let factor = arguments["factor"]?.number else { return nil }
        return ReduceLROnPlateau.factorProblem(factor)
    }

    /// `series(...)`: a function with a count, or a CSV file with one `column:` or a list
    /// of `columns:`, of which `target:` names the predicted ones.
    static func series(_ arguments: [String: Value]) -> String? {
        if arguments["function"] != nil {
            if arguments["count"] == nil { return "series(f, count: N) needs count" }
            if let extra = ["csv", "column", "columns", "target", "holdout"].first(where: { arguments[$0] != nil }) {
                return "series takes either a function and count, or csv:; '\(extra)' goes with csv:"
            }
            return nil
        }
        if arguments["csv"] == nil {
            return "series needs a function and count (series(f, count: 4000)) or a file (series(csv: \"file.csv\", column: \"name\"))"
        }
        if arguments["count"] != nil { return "series(csv: ...) reads every row; count goes with a function" }
        if arguments["column"] != nil && arguments["columns"] != nil {
            return "series takes one column: or a list of columns:, not both"
        }
        if arguments["target"] != nil && arguments["columns"] == nil {
            return "target: chooses the predicted columns among columns: [...]; give columns: too"
        }
        if let items = arguments["columns"]?.elements {
            let names = items.compactMap(\.string)
            if items.isEmpty { return "columns: needs at least one column name" }
            if names.count == items.count, let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
                return "columns: names \"\(repeated)\" twice; name each column once"
            }
            if names.count == items.count, let targets = arguments["target"]?.elements {
                let wanted = targets.compactMap(\.string)
                if wanted.count == targets.count, let problem = targetProblem(wanted, columns: names) { return problem }
            }
        }
        return nil
    }

    /// `target:` must name distinct columns of `columns:`.
    static func targetProblem(_ targets: [String], columns: [String]) -> String? {
        if targets.isEmpty { return "target: needs at least one column of columns:" }
        for (i, name) in targets.enumerated() {
            guard columns.contains(name) else {
                return "target: \"\(name)\" is not one of columns: "
                    + columns.map { "\"\($0)\"" }.joined(separator: ", ")
                    + Suggestion.hint(for: name, among: columns)
            }
            if targets[..<i].contains(name) { return "target: names \"\(name)\" twice; name each column once" }
        }
        return nil
    }

    /// A series of `count` values (after differencing) cut into windows of `length` steps:
    /// each window needs `horizon` more values for its targets.
    static func windowsProblem(count: Int, length: Int, horizon: Int = 1) -> String? {
        guard count < length + horizon else { return nil }
        return "the series has \(count) values; windows of \(length) steps"
            + (horizon == 1 ? "" : " with a horizon of \(horizon)") + " need at least \(length + horizon)"
    }

    /// The last layer's units must be the values a window's targets hold: H steps of k
    /// predicted columns.
    static func outputMismatch(units: String, horizon: Int, predicted: Int) -> String {
        if horizon == 1 && predicted == 1 {
            return "the model ends in \(units) units, but the targets are one value a window; end it with dense(units: 1)"
        }
        return "the model ends in \(units) units, but the targets are \(horizon) step\(horizon == 1 ? "" : "s") × \(predicted) "
            + "column\(predicted == 1 ? "" : "s") = \(horizon * predicted) values a window (step-major, as Keras' "
            + "Dense(\(horizon * predicted)) then Reshape((\(horizon), \(predicted)))); end it with dense(units: \(horizon * predicted))"
    }

    /// The input's features must be the series' columns.
    static func featureMismatch(features: String, columns: Int) -> String {
        "input(shape:) has \(features) feature\(features == "1" ? "" : "s") a step, but the series gives \(columns) "
            + "column\(columns == 1 ? "" : "s") a step; use (steps, \(columns))"
    }

    /// `fit(rollout:)` feeds one predicted value back into windows of one column.
    static func rolloutProblem(rollout: Int, horizon: Int, columns: Int) -> String? {
        guard rollout > 1, horizon > 1 || columns > 1 else { return nil }
        return "rollout: \(rollout) feeds one predicted value back into windows of one column; it does not work yet with "
            + (horizon > 1 ? "windows(horizon: \(horizon))" : "\(columns) columns") + "; use rollout: 1"
    }

    /// The model's input steps and the data's window length must agree.
    static func windowMismatch(steps: String, length: String) -> String {
        "the model's input(shape:) expects windows of \(steps) steps, but windows(length:) cuts \(length)"
    }

    /// A forecast of several predicted columns draws one of them.
    static func plotNeedsColumn(_ predicted: [String]) -> String {
        "the forecast predicts \(predicted.count) columns; plot(column:) chooses the one to draw: "
            + predicted.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    static func plotColumnProblem(_ name: String, predicted: [String]) -> String {
        "plot(column: \"\(name)\") draws a predicted column, and the forecast predicts "
            + predicted.map { "\"\($0)\"" }.joined(separator: ", ") + Suggestion.hint(for: name, among: predicted)
    }
}
