import Foundation
import LSTMCore

/// Fit cell: `fit(batch_size:, epochs:, validation_split:, shuffle:, callbacks:, rollout:)`
/// trains the model cell's model on the data cell's windows with LSTMCore's
/// `fitWithCheckpoints` (ModelCheckpoint, EarlyStopping, ReduceLROnPlateau, closed-loop
/// rollouts with `rollout:` above 1, `last.safetensors` after every epoch), in the
/// fit's own folder (`FitFolder`), and writes `history.csv` after every epoch. Ctrl-C
/// stops after the current batch (`RunInterrupted`); `--resume` continues from
/// `last.safetensors`.
extension StepActions {
    func fit(_ call: StepCall) throws -> [String: Value] {
        guard let model = session.model, let optimizer = session.optimizer else {
            throw call.error("fit(...) needs a model: add a model cell with layers and compile(...) before this cell")
        }
        guard let windows = session.windows else {
            throw call.error("fit(...) needs data: add a data cell with series(...) and windows(length:) before this cell")
        }
        let options = FitOptions(batchSize: call.integer("batch_size") ?? 32, epochs: call.integer("epochs") ?? 1,
                                 validationSplit: call.number("validation_split") ?? 0, shuffle: call.bool("shuffle") ?? true,
                                 rollout: call.integer("rollout") ?? 1)
        guard windows.timesteps == model.architecture.timesteps, windows.features == model.architecture.features else {
            throw call.error("the model's input(shape:) expects windows of \(model.architecture.timesteps) steps, "
                             + "but the data cell cut windows of \(windows.timesteps)")
        }
        let trainCount = validationSplitIndex(count: windows.count, split: options.validationSplit)
        guard trainCount > 0 else {
            throw call.error("no windows are left to train on: \(windows.count) windows with validation_split "
                             + "\(options.validationSplit)")
        }
        let hasValidation = trainCount < windows.count
        let capacity = min(options.batchSize, max(trainCount, windows.count - trainCount))
        let working = StepActions.workingFloats(model.architecture, rows: capacity)
        guard working <= StepActions.maximumWorkingFloats else {
            throw call.error("fit would need \(working / 250_000_000) GB of working memory for batches of \(capacity) windows of "
                             + "\(model.architecture.timesteps) steps; use a smaller batch_size, fewer units or shorter windows")
        }
        let reporter = session.reporter
        guard let folder = session.fitFolder, let started = session.fitStarted else {
            throw call.error("the fit has no folder in the result store (an internal error)")
        }
        let fitPath = session.store.path(folder.relative)

        var checkpoint: ModelCheckpoint?
        var stopping: EarlyStopping?
        var reduceRate: ReduceLROnPlateau?
        for item in call["callbacks"]?.elements ?? [] {
            guard let object = item.object else { continue }
            let monitor = object["monitor"]?.string ?? "val_loss"
            if monitor == "val_loss" && !hasValidation {
                throw call.error("\(object.name) monitors val_loss, which needs validation_split above 0 (or monitor: \"loss\")")
            }
            switch object.name {
            case "model_checkpoint":
                guard checkpoint == nil else { throw call.error("fit takes one model_checkpoint") }
                let template: CheckpointTemplate
                do {
                    template = try CheckpointTemplate(object["filepath"]?.string ?? "")
                } catch let error as CheckpointTemplateError {
                    throw call.error("model_checkpoint filepath: \(error.description)")
                }
                if template.fields.contains(.valLoss) && !hasValidation {
                    throw call.error("the checkpoint file name uses {val_loss}, which needs validation_split above 0")
                }
                checkpoint = ModelCheckpoint(template: template, folder: fitPath, monitor: monitor,
                                             saveBestOnly: object["save_best_only"]?.bool ?? false,
                                             onMessage: { message in reporter.report(message) })
            case "early_stopping":
                guard stopping == nil else { throw call.error("fit takes one early_stopping") }
                stopping = EarlyStopping(monitor: monitor, patience: object["patience"]?.wholeNumber ?? 0,
                                         minDelta: object["min_delta"]?.number ?? 0)
            case "reduce_lr_on_plateau":
                guard reduceRate == nil else { throw call.error("fit takes one reduce_lr_on_plateau") }
                do {
                    reduceRate = try ReduceLROnPlateau(
                        monitor: monitor, factor: object["factor"]?.number ?? 0.1, patience: object["patience"]?.wholeNumber ?? 10,
                        minDelta: object["min_delta"]?.number ?? 1e-4, cooldown: object["cooldown"]?.wholeNumber ?? 0,
                        minLearningRate: object["min_lr"]?.number ?? 0, onMessage: { message in reporter.report(message) })
                } catch let error as CallbackError {
                    throw call.error(error.message)
                }
            default:
                throw call.error("\(object.name)(...) is not a callback")
            }
        }

        var resumeState: TrainingState?
        if let path = session.resumeFrom {
            do {
                resumeState = try TrainingState.read(path, expected: model.architecture)
            } catch {
                throw call.error("cannot resume from \(path): \(error); run without --resume to train from the start", kind: .usage)
            }
        }
        // fit.json before the first epoch, so that even a fit killed without warning
        // can be listed and resumed; the lock keeps a second process out of the folder.
        try OutputFiles.makeFolder(fitPath)
        let lock = try FitLock(folder: fitPath)
        defer { lock.release() }
        try folder.writeStarted(started, in: session.store)
        let lastPath = fitPath + "/" + FitFolder.lastFileName
        let historyPath = fitPath + "/" + FitFolder.historyFileName
        let recorder = EpochRecorder(reporter: reporter, historyPath: historyPath, earlier: resumeState?.history ?? [])
        let batches = (trainCount + options.batchSize - 1) / options.batchSize
        reporter.report("fit: \(trainCount) windows train, \(windows.count - trainCount) validate; "
                        + "\(batches) batches of up to \(options.batchSize) an epoch"
                        + (options.rollout > 1 ? "; each window rolls out \(options.rollout) fed-back predictions" : ""))
        if !reporter.muted {
            reporter.observer.fitWillStart(epochs: options.epochs, batchesPerEpoch: batches, initialEpoch: resumeState?.epoch ?? 0)
        }
        let interrupt = session.interrupt
        let result: FitResult
        do {
            result = try fitWithCheckpoints(
                trainer: Trainer(model: model, optimizer: optimizer), data: windows, options: options,
                checkpoint: checkpoint, earlyStopping: stopping, reduceLearningRate: reduceRate, callbacks: [recorder],
                statePath: lastPath, fingerprint: session.cellKey, resumeFrom: resumeState, random: &session.numpy,
                progress: { progress in if !reporter.muted { reporter.observer.batchEnded(progress) } },
                shouldStop: { interrupt.isRequested }, onMessage: { message in reporter.report("fit: " + message) })
        } catch let error as LessonError {
            throw error
        } catch let error as FitError where resumeState != nil {
            throw call.error(error.message, kind: .usage)
        } catch {
            throw call.error("\(error)")
        }
        let store = session.store
        let best = checkpoint.flatMap { callback -> CheckpointRecord? in
            callback.bestPath.map { CheckpointRecord(epoch: callback.bestEpoch, path: store.relative($0), value: callback.best) }
        }
        let record = FitRecord(folder: folder.relative, history: result.history, best: best,
                               saved: (checkpoint?.savedPaths ?? []).map(store.relative), monitor: checkpoint?.monitor,
                               epochs: options.epochs, stopReason: result.stopReason,
                               generatorAfter: session.numpy.state.words, threads: BLAS.threads)
        session.fit = record
        session.fitOutcome = (record, !result.interrupted && !result.diverged)
        session.outputs = [lastPath, historyPath] + record.saved.map(store.path)
        if result.diverged {
            throw call.error(result.stopReason ?? "training diverged", kind: .failedRun)
        }
        if result.interrupted {
            throw RunInterrupted(lesson: session.lesson.path, epoch: result.history.last?.epoch ?? 0,
                                 kept: best.map { store.path($0.path) }, resume: session.options.resumeCommand,
                                 fitCell: session.cell?.index)
        }
        try showHistory(record)
        session.summary = StepActions.fitSummary(record)
        if let reason = result.stopReason { reporter.report("fit: stopped: \(reason)") }
        reporter.report("fit: " + session.summary)
        return [:]
    }

    /// Copies the fit's `history.csv` to the result folder, where the latest run's
    /// outputs are (`history-<name or index>.csv` in a lesson with several fits).
    func showHistory(_ record: FitRecord) throws {
        let fits = session.lesson.cells.filter { $0.kind == .fit }
        var name = FitFolder.historyFileName
        if fits.count > 1, let cell = session.cell {
            name = "history-" + FitFolder.sanitised(cell.name ?? String(cell.index)) + ".csv"
        }
        let source = session.store.path(record.historyPath)
        guard let data = FileManager.default.contents(atPath: source) else {
            throw LessonError("cannot read \(source): the fit's history is missing", file: source, line: 0, column: 0, kind: .io)
        }
        let target = session.outputPath(name)
        try OutputFiles.write(data, to: target)
        session.outputs.append(target)
    }

    /// Most Float32 values a fit's buffers may hold: 250 million, 1 GB.
    static let maximumWorkingFloats = 250_000_000

    /// Float32 values the layers keep for one batch of `rows` windows: per LSTM step the
    /// gates `[rows, 4H]`, cell, hidden and tanh(cell) `[rows, H]` each (BPTT keeps all T).
    static func workingFloats(_ architecture: Architecture, rows: Int) -> Int {
        var total = 0
        for layer in architecture.layers {
            if case .lstm(let config) = layer {
                total += (architecture.timesteps + 1) * rows * 7 * config.units
            }
        }
        return total
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
        let lastPath = session.store.path(record.lastPath)
        let state = try TrainingState.read(lastPath, expected: model.architecture)
        guard state.fingerprint == session.cellKey else {
            throw CheckpointError(path: lastPath, problem: "it was written by another run of this fit")
        }
        try state.model.assign(to: model)
        try state.model.assignOptimizerState(to: optimizer)
        session.numpy = NumpyRandom(state: try NumpyRandomState(words: record.generatorAfter))
        session.fit = record
        try showHistory(record)
    }
}
