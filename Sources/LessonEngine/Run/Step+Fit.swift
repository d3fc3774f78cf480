import Foundation
import LSTMCore

/// Fit cell: `fit(batch_size:, epochs:, validation_split:, shuffle:, callbacks:)`
/// trains the model cell's model on the data cell's windows with `Trainer.fit`,
/// checkpointing, stopping early and writing `last.safetensors` and `history.csv`
/// after every epoch. Ctrl-C stops after the current batch (`RunInterrupted`).
extension StepActions {
    func fit(_ call: StepCall) throws -> [String: Value] {
        guard let model = session.model, let optimizer = session.optimizer else {
            throw call.error("fit(...) needs a model: add a model cell with layers and compile(...) before this cell")
        }
        guard let windows = session.windows else {
            throw call.error("fit(...) needs data: add a data cell with series(...) and windows(length:) before this cell")
        }
        var options = FitOptions(batchSize: call.integer("batch_size") ?? 32, epochs: call.integer("epochs") ?? 1,
                                 validationSplit: call.number("validation_split") ?? 0, shuffle: call.bool("shuffle") ?? true)
        guard windows.timesteps == model.architecture.timesteps, windows.features == model.architecture.features else {
            throw call.error("the model's input(shape:) expects windows of \(model.architecture.timesteps) steps, "
                             + "but the data cell cut windows of \(windows.timesteps)")
        }
        guard validationSplitIndex(count: windows.count, split: options.validationSplit) > 0 else {
            throw call.error("no windows are left to train on: \(windows.count) windows with validation_split "
                             + "\(options.validationSplit)")
        }
        let hasValidation = validationSplitIndex(count: windows.count, split: options.validationSplit) < windows.count

        // Callbacks, in the lesson's order; the recorder goes last.
        var callbacks: [Callback] = []
        var saver: CheckpointSaver?
        var stopping: EarlyStopping?
        for item in call["callbacks"]?.elements ?? [] {
            guard let object = item.object else { continue }
            let monitor = object["monitor"]?.string ?? "val_loss"
            if monitor == "val_loss" && !hasValidation {
                throw call.error("\(object.name) monitors val_loss, which needs validation_split above 0 "
                                 + "(or monitor: \"loss\")")
            }
            switch object.name {
            case "model_checkpoint":
                let template: CheckpointTemplate
                do {
                    template = try CheckpointTemplate(object["filepath"]?.string ?? "")
                } catch let error as CheckpointTemplateError {
                    throw call.error("model_checkpoint filepath: \(error.description)")
                }
                if template.fields.contains(.valLoss) && !hasValidation {
                    throw call.error("the checkpoint file name uses {val_loss}, which needs validation_split above 0")
                }
                guard saver == nil else { throw call.error("fit takes one model_checkpoint") }
                let made = CheckpointSaver(template: template, monitor: monitor, saveBestOnly: object["save_best_only"]?.bool ?? false,
                                           folder: session.resultDirectory)
                saver = made
                callbacks.append(made)
            case "early_stopping":
                guard stopping == nil else { throw call.error("fit takes one early_stopping") }
                let made = EarlyStopping(monitor: monitor, patience: object["patience"]?.wholeNumber ?? 0,
                                         minDelta: object["min_delta"]?.number ?? 0)
                stopping = made
                callbacks.append(made)
            default:
                throw call.error("\(object.name)(...) is not a callback")
            }
        }
        let recorder = EpochRecorder(session: session, optimizer: optimizer, saver: saver, stopping: stopping,
                                     history: [], checkpoints: [])
        if let resume = session.resumeFrom {
            let snapshot: TrainingStateFile.Snapshot
            do {
                snapshot = try TrainingStateFile.restore(from: resume, model: model, optimizer: optimizer)
            } catch {
                throw call.error("cannot resume from \(resume): \(error); run without --resume to train from the start", kind: .usage)
            }
            guard snapshot.epoch < options.epochs else {
                throw call.error("\(resume) already holds epoch \(snapshot.epoch) of \(options.epochs); nothing to resume", kind: .usage)
            }
            options.initialEpoch = snapshot.epoch
            recorder.history = snapshot.history
            recorder.earlierCheckpoints = snapshot.checkpoints
            saver?.best = snapshot.checkpointBest ?? .infinity
            if let state = snapshot.earlyStopping, let stopping {
                stopping.best = state.best
                stopping.wait = state.wait
                stopping.bestEpoch = state.bestEpoch
            }
            do {
                session.numpy = NumpyRandom(state: try NumpyRandomState(words: snapshot.generator))
            } catch {
                throw call.error("cannot resume from \(resume): \(error)", kind: .usage)
            }
            session.reporter.report("fit: resuming after epoch \(snapshot.epoch) from \(resume)")
        }
        callbacks.append(recorder)
        try OutputFiles.makeFolder(session.resultDirectory)

        let trainer = Trainer(model: model, optimizer: optimizer)
        let trainCount = validationSplitIndex(count: windows.count, split: options.validationSplit)
        let batches = (trainCount + options.batchSize - 1) / options.batchSize
        session.reporter.report("fit: \(trainCount) windows train, \(windows.count - trainCount) validate; "
                                + "\(batches) batches of up to \(options.batchSize)")
        if !session.reporter.muted {
            session.reporter.observer.fitWillStart(epochs: options.epochs, batchesPerEpoch: batches, initialEpoch: options.initialEpoch)
        }
        let reporter = session.reporter
        let interrupt = session.interrupt
        let result: FitResult
        do {
            result = try trainer.fit(windows, options: options, callbacks: callbacks,
                                     permutation: { [session] n in session.numpy.permutation(n) },
                                     progress: { progress in if !reporter.muted { reporter.observer.batchEnded(progress) } },
                                     shouldStop: { interrupt.isRequested })
        } catch let error as LessonError {
            throw error
        } catch {
            throw call.error("\(error)")
        }
        let record = FitRecord(history: recorder.history, checkpoints: recorder.checkpoints, monitor: saver?.monitor,
                               epochs: options.epochs, stopReason: result.stopReason,
                               lastPath: session.outputPath(TrainingStateFile.fileName),
                               generatorAfter: session.numpy.state.words)
        session.fit = record
        session.fitOutcome = (record, !result.interrupted && !result.diverged)
        session.outputs = [record.lastPath, session.outputPath(HistoryFile.fileName)] + record.checkpoints.map(\.path)
        if result.diverged {
            throw call.error(result.stopReason ?? "training diverged", kind: .failedRun)
        }
        if result.interrupted {
            let done = recorder.history.last?.epoch ?? 0
            throw RunInterrupted(lesson: session.lesson.path, epoch: done, kept: record.best?.path)
        }
        session.summary = StepActions.fitSummary(record)
        if let reason = result.stopReason { session.reporter.report("fit: stopped, \(reason)") }
        session.reporter.report("fit: " + session.summary)
        return [:]
    }

    /// `107 epochs, best val_loss 0.000142 at epoch 87`.
    static func fitSummary(_ record: FitRecord) -> String {
        var text = "\(record.history.count) epoch\(record.history.count == 1 ? "" : "s")"
        if let best = record.best, let value = best.value {
            text += ", best \(record.monitor ?? "val_loss") \(String(format: "%.6g", value)) at epoch \(best.epoch)"
        } else if let last = record.history.last {
            text += ", last loss \(String(format: "%.6g", last.loss))"
        }
        return text
    }

    /// A fresh fit's kept result, instead of training: the final weights and optimizer
    /// state from `last.safetensors`, and the generator as the fit left it.
    func loadFit(_ record: FitRecord) throws {
        guard let model = session.model, let optimizer = session.optimizer else {
            throw LessonError("the fit's model is missing", file: session.lesson.path, line: 0, column: 0)
        }
        _ = try TrainingStateFile.restore(from: record.lastPath, model: model, optimizer: optimizer)
        session.numpy = NumpyRandom(state: try NumpyRandomState(words: record.generatorAfter))
        session.fit = record
    }
}

/// Ctrl-C stopped a fit after a batch: the best checkpoint and `last.safetensors`
/// (the last finished epoch) are kept. Exit code 1.
public struct RunInterrupted: Error, CustomStringConvertible {
    public var lesson: String
    /// Last finished epoch (0 when none finished).
    public var epoch: Int
    public var kept: String?
    /// Set when the interruption came between cells, before this one.
    public var beforeCell: Int?

    public var description: String {
        if let beforeCell { return "Interrupted before cell \(beforeCell); nothing was lost." }
        let what = epoch == 0 ? "Interrupted before the first epoch ended" : "Interrupted after epoch \(epoch)"
        let kept = self.kept.map { "; the best checkpoint is kept (\($0))" } ?? ""
        return "\(what)\(kept). Continue with: lesson run \(lesson) --resume"
    }
}
