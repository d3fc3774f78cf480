import SafeFiles

/// A lesson's `fit(...)`: `Trainer.fit` with its ModelCheckpoint and EarlyStopping, the
/// shuffle drawn from the lesson's numpy generator, and `last.safetensors` written after
/// every epoch so that a resumed run ends exactly (bit for bit: weights, losses,
/// history, checkpoints) where an uninterrupted one would.
///
/// Callbacks run after each epoch in this order: `callbacks` (e.g. the engine's epoch
/// line, printed before the checkpoint's line as Keras does), `checkpoint`,
/// `earlyStopping`, `reduceLearningRate`, then the state writer, which records what the
/// others decided (the learning rate included).
///
/// - Parameters:
///   - trainer: the model and optimizer (the lesson's, freshly initialised: a resume
///     overwrites weights, velocities and iterations from `resumeFrom`).
///   - options: the fit cell's settings; `initialEpoch` is taken from `resumeFrom`.
///   - stateFile: where to write the state after every epoch (nil: nowhere).
///   - fingerprint: the caller's summary of everything that makes a run (lesson cells,
///     constants, seed); a state with another fingerprint is refused.
///   - resumeFrom: a state read with `TrainingState.read`; nil starts from epoch 1.
///   - random: the lesson's numpy generator. With `shuffle: true` each epoch draws
///     `permutation(trainCount)` from it. A resume replaces it with the saved state;
///     on return it holds the state after the last epoch that ran (or began).
///   - progress, shouldStop: as `Trainer.fit` (Ctrl-C: `shouldStop` returns true; the
///     state file keeps the last finished epoch).
///   - onMessage: resume notices ("Resuming after epoch 3 of 6 from ...").
/// - Returns: the whole history from epoch 1 (including the resumed epochs) and how fit
///   ended. A state whose run had already ended (all epochs, or early stopping) returns
///   at once with the weights restored.
public func fitWithCheckpoints(
    trainer: Trainer, data: WindowedSeries, options: FitOptions,
    checkpoint: ModelCheckpoint? = nil, earlyStopping: EarlyStopping? = nil,
    reduceLearningRate: ReduceLROnPlateau? = nil, callbacks: [Callback] = [],
    stateFile: FilePlace?, fingerprint: String, resumeFrom: TrainingState? = nil,
    random: inout NumpyRandom,
    progress: ((BatchProgress) -> Void)? = nil, shouldStop: (() -> Bool)? = nil,
    onMessage: ((String) -> Void)? = nil
) throws -> FitResult {
    var options = options
    options.initialEpoch = 0
    var priorHistory: [EpochLog] = []
    if let state = resumeFrom {
        if let mismatch = state.mismatch(fingerprint: fingerprint, options: options, dataCount: data.count) {
            throw FitError(message: "cannot resume from \(state.path): \(mismatch); run without --resume to start over")
        }
        try restore(state, trainer: trainer, checkpoint: checkpoint, earlyStopping: earlyStopping,
                    reduceLearningRate: reduceLearningRate, random: &random)
        priorHistory = state.history
        options.initialEpoch = state.epoch
        if let ended = endedRun(state, epochs: options.epochs, onMessage: onMessage) { return ended }
        onMessage?("Resuming after epoch \(state.epoch) of \(options.epochs) from \(state.path)")
    }

    let generator = GeneratorBox(random)
    defer { random = generator.random }
    let stateWriter = stateFile.map {
        TrainingStateWriter(place: $0, generator: generator, priorHistory: priorHistory,
                            fingerprint: fingerprint, dataCount: data.count,
                            checkpoint: checkpoint, earlyStopping: earlyStopping,
                            reduceLearningRate: reduceLearningRate)
    }
    let ownCallbacks: [Callback?] = [checkpoint, earlyStopping, reduceLearningRate, stateWriter]
    var result = try trainer.fit(data, options: options, callbacks: callbacks + ownCallbacks.compactMap { $0 },
                                 permutation: options.shuffle ? { generator.random.permutation($0) } : nil,
                                 progress: progress, shouldStop: shouldStop)
    result.history = priorHistory + result.history
    return result
}

/// Puts a saved run back: the weights, RMSprop's velocities, iterations and learning
/// rate, the numpy generator's state, and the callbacks' counters.
private func restore(_ state: TrainingState, trainer: Trainer, checkpoint: ModelCheckpoint?,
                     earlyStopping: EarlyStopping?, reduceLearningRate: ReduceLROnPlateau?,
                     random: inout NumpyRandom) throws {
    try state.model.assign(to: trainer.model)
    try state.model.assignOptimizerState(to: trainer.optimizer)
    random.state = state.random
    if let saved = state.checkpoint { checkpoint?.restore(saved) }
    if let saved = state.earlyStopping, let earlyStopping { saved.restore(into: earlyStopping) }
    if let saved = state.reduceLearningRate { reduceLearningRate?.state = saved }
    if let rate = state.learningRate { trainer.optimizer.learningRate = rate }
}

/// The result of a saved run that had already ended (early stopping stopped it, or all
/// `epochs` are done), said through `onMessage`; nil when it has epochs left to train.
private func endedRun(_ state: TrainingState, epochs: Int, onMessage: ((String) -> Void)?) -> FitResult? {
    if let stopped = state.earlyStopping?.stoppedEpoch {
        onMessage?("\(state.path): early stopping ended this run at epoch \(stopped); nothing to resume")
        return FitResult(history: state.history, stopReason: "early stopping ended this run at epoch \(stopped)",
                         interrupted: false, diverged: false)
    }
    if state.epoch == epochs {
        onMessage?("\(state.path): all \(epochs) epochs are done; nothing to resume")
        return FitResult(history: state.history, stopReason: nil, interrupted: false, diverged: false)
    }
    return nil
}

/// The generator shared by the permutation provider and the state writer (an `inout`
/// cannot be captured by an escaping closure).
final class GeneratorBox {
    var random: NumpyRandom
    init(_ random: NumpyRandom) { self.random = random }
}
