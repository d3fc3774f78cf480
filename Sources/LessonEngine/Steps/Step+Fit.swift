import LessonLanguage
import SafeFiles
import LSTMCore
import Foundation

/// Fit cell: `fit(batch_size:, epochs:, validation_split:, shuffle:, callbacks:, rollout:)`
/// trains the model cell's model on the data cell's windows with LSTMCore's
/// `fitWithCheckpoints` (ModelCheckpoint, EarlyStopping, ReduceLROnPlateau, closed-loop
/// rollouts with `rollout:` above 1, `last.safetensors` after every epoch), in the
/// fit's own folder (`FitFolder`), and writes `history.csv` after every epoch. Ctrl-C
/// stops after the current batch (`RunInterrupted`); `--resume` continues from
/// `last.safetensors`.
extension StepActions {
    func fit(_ call: StepCall) throws -> [String: Value] {
        let plan = try fitPlan(call)
        let callbacks = try fitCallbacks(call, plan)
        let resumeState = try resumeState(call, plan)
        let result = try train(call, plan, callbacks, resumeState: resumeState)
        try keep(result, of: call, plan, callbacks)
        return [:]
    }

    /// What a fit trains and where: the model and windows of the cells above, the
    /// call's options, and the fit's own folder in the store.
    private struct FitPlan {
        var model: Sequential
        var optimizer: RMSprop
        var windows: WindowedSeries
        var options: FitOptions
        /// Windows that train; the rest validate.
        var trainCount: Int
        var folder: FitFolder
        var started: FitFolder.Started
        /// The fit's folder as messages show it.
        var path: String
        /// The fit's folder, held open: everything the fit writes goes through it, so a
        /// link swapped in for its name later is never followed.
        var opened: Folder
    }

    /// The callbacks the call asked for (`StepRules.fit` allows one of each kind).
    private struct FitCallbacks {
        var checkpoint: ModelCheckpoint?
        var stopping: EarlyStopping?
        var reduceRate: ReduceLROnPlateau?
    }

    private func fitPlan(_ call: StepCall) throws -> FitPlan {
        guard let model = session.model, let optimizer = session.optimizer else { throw call.error(.fitNeedsModel) }
        guard let windows = session.windows else { throw call.error(.fitNeedsData) }
        let options = FitOptions(batchSize: try call.value("batch_size", \.wholeNumber), epochs: try call.value("epochs", \.wholeNumber),
                                 validationSplit: try call.value("validation_split", \.number),
                                 shuffle: try call.value("shuffle", \.bool), rollout: try call.value("rollout", \.wholeNumber))
        if windows.features != model.architecture.features {
            throw call.error(StepRules.featureMismatch(features: String(model.architecture.features), columns: windows.features))
        }
        let predicted = session.series?.predicted.count ?? 1
        if model.outputUnits != windows.outputs {
            throw call.error(StepRules.outputMismatch(units: String(model.outputUnits), horizon: windows.outputs / max(predicted, 1),
                                                      predicted: predicted))
        }
        if let problem = StepRules.rolloutProblem(rollout: options.rollout, horizon: windows.outputs / max(predicted, 1),
                                                  columns: windows.features) {
            throw call.error(problem)
        }
        guard windows.timesteps == model.architecture.timesteps else {
            throw call.error(StepRules.windowMismatch(steps: String(model.architecture.timesteps), length: String(windows.timesteps)))
        }
        let trainCount = validationSplitIndex(count: windows.count, split: options.validationSplit)
        guard trainCount > 0 else {
            throw call.error("no windows are left to train on: \(windows.count) windows with validation_split "
                             + "\(options.validationSplit)")
        }
        let capacity = min(options.batchSize, max(trainCount, windows.count - trainCount))
        let working = StepActions.workingFloats(model.architecture, rows: capacity)
        guard working <= StepActions.maximumWorkingFloats else {
            throw call.error("fit would need \(working / 250_000_000) GB of working memory for batches of \(capacity) windows of "
                             + "\(model.architecture.timesteps) steps; use a smaller batch_size, fewer units or shorter windows")
        }
        guard let folder = session.fitFolder, let started = session.fitStarted else {
            throw call.error("the fit has no folder in the result store (an internal error)")
        }
        guard let opened = try session.store.subfolder(folder.relative, create: true) else {
            throw call.error("cannot create \(session.store.path(folder.relative))", kind: .io)
        }
        return FitPlan(model: model, optimizer: optimizer, windows: windows, options: options, trainCount: trainCount,
                       folder: folder, started: started, path: session.store.path(folder.relative), opened: opened)
    }

    private func fitCallbacks(_ call: StepCall, _ plan: FitPlan) throws -> FitCallbacks {
        let reporter = session.reporter
        var callbacks = FitCallbacks()
        for object in (call["callbacks"]?.elements ?? []).compactMap(\.object) {
            let monitor = try call.value("monitor", of: object, \.string)
            switch object.name {
            case "model_checkpoint":
                let template = try StepRules.checkpointTemplate(try call.value("filepath", of: object, \.string))
                    .mapError { call.error($0.message) }.get()
                let checkpoint = ModelCheckpoint(template: template, folder: plan.opened, monitor: monitor,
                                                 saveBestOnly: try call.value("save_best_only", of: object, \.bool),
                                                 onMessage: { message in reporter.report(message) })
                checkpoint.checkName = { [session] name in _ = try session.writablePath(name, in: plan.path, for: call) }
                callbacks.checkpoint = checkpoint
            case "early_stopping":
                callbacks.stopping = EarlyStopping(monitor: monitor, patience: try call.value("patience", of: object, \.wholeNumber),
                                                   minDelta: try call.value("min_delta", of: object, \.number))
            default:
                do {
                    callbacks.reduceRate = try ReduceLROnPlateau(
                        monitor: monitor, factor: try call.value("factor", of: object, \.number),
                        patience: try call.value("patience", of: object, \.wholeNumber),
                        minDelta: try call.value("min_delta", of: object, \.number),
                        cooldown: try call.value("cooldown", of: object, \.wholeNumber),
                        minLearningRate: try call.value("min_lr", of: object, \.number), onMessage: { message in reporter.report(message) })
                } catch let error as CallbackError {
                    throw call.error(error.message)
                }
            }
        }
        return callbacks
    }

    /// `--resume`: the state after the last finished epoch of the interrupted fit.
    private func resumeState(_ call: StepCall, _ plan: FitPlan) throws -> TrainingState? {
        guard let name = session.resumeFrom else { return nil }
        let path = plan.path + "/" + name
        do {
            return try TrainingState.read(FilePlace(folder: plan.opened, name: name), expected: plan.model.architecture)
        } catch {
            if let failure = session.store.fileSystemFailure(error) { throw failure }
            // A damaged file is a damaged input, as in load_model(...): exit status 65.
            throw call.error("cannot resume from \(path): \(StepActions.problem(of: error)); "
                             + "run without --resume to train from the start")
        }
    }

    /// Trains in the fit's folder, locked against a second process, after writing
    /// `fit.json` so that even a fit killed without warning can be listed and resumed.
    private func train(_ call: StepCall, _ plan: FitPlan, _ callbacks: FitCallbacks, resumeState: TrainingState?) throws -> FitResult {
        let store = session.store
        let lock = try FitLock(folder: plan.opened, shown: plan.path, store: store)
        defer { lock.release() }
        try plan.folder.writeStarted(plan.started, in: plan.opened, store: store)
        try TestPoint.reached(.afterFitJSON)
        let reporter = session.reporter
        let recorder = EpochRecorder(reporter: reporter, history: FilePlace(folder: plan.opened, name: FitFolder.historyFileName),
                                     earlier: resumeState?.history ?? [],
                                     stillThere: { try FitFolder.checkStillThere(plan.opened, relative: plan.folder.relative, in: store) })
        let options = plan.options
        let batches = (plan.trainCount + options.batchSize - 1) / options.batchSize
        reporter.report("fit: \(plan.trainCount) windows train, \(plan.windows.count - plan.trainCount) validate; "
                        + "\(batches) batches of up to \(options.batchSize) an epoch"
                        + (options.rollout > 1 ? "; each window rolls out \(options.rollout) fed-back predictions" : ""))
        if !reporter.muted {
            reporter.observer.fitWillStart(epochs: options.epochs, batchesPerEpoch: batches, initialEpoch: resumeState?.epoch ?? 0)
        }
        let interrupt = session.interrupt
        do {
            return try fitWithCheckpoints(
                trainer: Trainer(model: plan.model, optimizer: plan.optimizer), data: plan.windows, options: options,
                checkpoint: callbacks.checkpoint, earlyStopping: callbacks.stopping, reduceLearningRate: callbacks.reduceRate,
                callbacks: [recorder], stateFile: FilePlace(folder: plan.opened, name: FitFolder.lastFileName),
                fingerprint: session.cellKey,
                resumeFrom: resumeState, random: &session.numpy,
                progress: { progress in if !reporter.muted { reporter.observer.batchEnded(progress) } },
                shouldStop: { interrupt.isRequested }, onMessage: { message in reporter.report("fit: " + message) })
        } catch let error as LessonError {
            throw error
        } catch let error as FitError where resumeState != nil {
            throw call.error(error.message, kind: .usage)
        } catch {
            if let failure = store.fileSystemFailure(error) { throw failure }
            throw call.error("\(error)")
        }
    }

    /// The fit's record for the store and the session, then what ended it: a diverged
    /// loss fails the run, Ctrl-C interrupts it, a finished fit shows its history.
    private func keep(_ result: FitResult, of call: StepCall, _ plan: FitPlan, _ callbacks: FitCallbacks) throws {
        let store = session.store
        let checkpoint = callbacks.checkpoint
        let inFolder = { (name: String) in plan.folder.relative + "/" + name }
        let best = checkpoint.flatMap { callback -> CheckpointRecord? in
            callback.bestName.map { CheckpointRecord(epoch: callback.bestEpoch, path: inFolder($0), value: callback.best) }
        }
        let record = FitRecord(folder: plan.folder.relative, history: result.history, best: best,
                               saved: (checkpoint?.savedNames ?? []).map(inFolder), monitor: checkpoint?.monitor,
                               epochs: plan.options.epochs, stopReason: result.stopReason,
                               generatorAfter: session.numpy.state.words, threads: BLAS.threads)
        session.fit = record
        session.fitOutcome = (record, !result.interrupted && !result.diverged)
        session.outputs = [store.path(record.lastPath), store.path(record.historyPath)] + record.saved.map(store.path)
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
        if let reason = result.stopReason { session.reporter.report("fit: stopped: \(reason)") }
        session.reporter.report("fit: " + session.summary)
    }

    /// Copies the fit's `history.csv` to the result folder, where the latest run's
    /// outputs are (`history-<name or index>.csv` in a lesson with several fits). The
    /// record keeps every epoch, so the file is checked against it: a damaged or edited
    /// one is moved aside, with a warning, and written again from the record.
    func showHistory(_ record: FitRecord) throws {
        let fits = session.lesson.cells.filter { $0.kind == .fit }
        var name = FitFolder.historyFileName
        if fits.count > 1, let cell = session.cell {
            name = "history-" + FitFolder.sanitised(cell.name ?? String(cell.index)) + ".csv"
        }
        let store = session.store
        let expected = Array(HistoryCSV.text(record.history).utf8)
        let kept = try store.read(record.historyPath)
        if kept != expected {
            if kept != nil {
                store.moveAside(record.historyPath, because: "it does not hold the epochs its fit's record keeps (damaged or edited)",
                                so: "it is written again from the record")
            }
            try store.write(expected, to: record.historyPath)
        }
        try store.write(expected, to: name)
        session.outputs.append(session.outputPath(name))
    }

    /// Most Float32 values a fit's buffers may hold: 250 million, 1 GB.
    static let maximumWorkingFloats = 250_000_000

    /// Float32 values the layers keep for one batch of `rows` windows, per step (BPTT
    /// keeps all T): an LSTM's gates `[rows, 4H]`, cell, hidden and tanh(cell) `[rows, H]`
    /// each; a GRU's gates `[rows, 3H]`, its recurrent block (`[rows, 3H]` with
    /// reset_after, else `[rows, H]`) and hidden; a SimpleRNN's pre-activations and hidden.
    static func workingFloats(_ architecture: Architecture, rows: Int) -> Int {
        var total = 0
        for layer in architecture.layers {
            let perUnit: Int
            switch layer {
            case .lstm: perUnit = 7
            case .gru(let config): perUnit = config.resetAfter ? 7 : 5
            case .simpleRNN: perUnit = 2
            case .dense: perUnit = 0
            }
            total += (architecture.timesteps + 1) * rows * perUnit * layer.units
        }
        return total
    }

    /// `107 epochs, best val_loss 0.000142 at epoch 87`.
    static func fitSummary(_ record: FitRecord) -> String {
        var text = "\(record.history.count) epoch\(record.history.count == 1 ? "" : "s")"
        if let best = record.best, let value = best.value {
            text += ", best \(record.monitor ?? "val_loss") \(formatSignificant(value)) at epoch \(best.epoch)"
        } else if let last = record.history.last {
            text += ", last loss \(formatSignificant(last.loss))"
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
        let state = try TrainingState.read(try session.store.place(record.lastPath, create: false), expected: model.architecture)
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
