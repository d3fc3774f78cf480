import LSTMCore

/// The rules a step call keeps beyond each argument's own type, range and default
/// (those are the parameters in `Vocabulary.signatures`): which arguments go together,
/// and what must come before a call. The interpreter applies a signature's rule to
/// every call, so `lesson check` gives the message wherever the values are known
/// without running (literals and constants) and a run gives the same one otherwise;
/// the checker and the step actions throw the same `Prerequisite`s.
enum StepRules {
    /// `input(shape:)` takes the steps of a window and one feature, the series' value.
    static func input(_ arguments: [String: Value]) -> String? {
        guard case .tuple(let dimensions)? = arguments["shape"] else { return nil }
        guard dimensions.count == 2 else { return inputUsage + "; got \(dimensions.count) dimensions" }
        if dimensions[1] != .unknown && dimensions[1] != .int(1) {
            return "input(shape:) has \(ValueFormatter.representation(dimensions[1])) features a step, "
                + "but a series gives one value a step; use (steps, 1)"
        }
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
    /// it makes must stay in the fit's folder (a fill character can make `../`; this
    /// tries one epoch, the run checks every name it makes).
    static func modelCheckpoint(_ arguments: [String: Value]) -> String? {
        guard let filepath = arguments["filepath"]?.string else { return nil }
        switch checkpointTemplate(filepath) {
        case .failure(let problem): return problem.message
        case .success(let template):
            guard let name = try? template.filename(epoch: 1, loss: 0.5, valLoss: 0.5),
                  let problem = LessonPaths.writableNameProblem(name) else { return nil }
            return "model_checkpoint filepath \(ValueFormatter.quoted(filepath)) makes names such as "
                + "\(ValueFormatter.quoted(name)), but a file a lesson writes must be \(problem); \(LessonPaths.elsewhere)"
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

    /// `series(...)`: a function with a count, or a CSV file.
    static func series(_ arguments: [String: Value]) -> String? {
        if arguments["function"] != nil {
            if arguments["count"] == nil { return "series(f, count: N) needs count" }
            if let extra = ["csv", "column", "holdout"].first(where: { arguments[$0] != nil }) {
                return "series takes either a function and count, or csv:; '\(extra)' goes with csv:"
            }
            return nil
        }
        if arguments["csv"] == nil {
            return "series needs a function and count (series(f, count: 4000)) or a file (series(csv: \"file.csv\", column: \"name\"))"
        }
        if arguments["count"] != nil { return "series(csv: ...) reads every row; count goes with a function" }
        return nil
    }

    /// A series of `count` values cut into windows of `length` steps: each window needs
    /// one more value for its target.
    static func windowsProblem(count: Int, length: Int) -> String? {
        count > length ? nil : "the series has \(count) values; windows of \(length) steps need at least \(length + 1)"
    }

    /// The model's input steps and the data's window length must agree.
    static func windowMismatch(steps: String, length: String) -> String {
        "the model's input(shape:) expects windows of \(steps) steps, but windows(length:) cuts \(length)"
    }
}
