/// Keras' `model.fit` for a `Sequential` with mean squared error and RMSprop: `fit`
/// checks its arguments and runs the callbacks' begin and end; `FitLoop` does the epochs.
public final class Trainer {
    public let model: Sequential
    public let optimizer: RMSprop
    public let loss: Loss

    public init(model: Sequential, optimizer: RMSprop, loss: Loss = .meanSquaredError) {
        self.model = model
        self.optimizer = optimizer
        self.loss = loss
    }

    /// Gives the order of the training samples for one epoch when `shuffle` is true: a
    /// permutation of `0..<n` (numpy's `permutation` can be plugged in here).
    public typealias PermutationProvider = (_ n: Int) -> [Int]

    /// Trains on the first `validationSplitIndex` samples of `data` (in its order)
    /// and validates on the rest, for epochs `options.initialEpoch + 1 … options.epochs`.
    ///
    /// `progress` is called after every batch; `shouldStop` is checked after every
    /// batch and, when it returns true, fit ends at once with `interrupted` set.
    /// A NaN or infinite loss ends fit with `diverged` set and a message.
    public func fit(
        _ data: WindowedSeries, options: FitOptions, callbacks: [Callback] = [],
        permutation: PermutationProvider? = nil,
        progress: ((BatchProgress) -> Void)? = nil, shouldStop: (() -> Bool)? = nil
    ) throws -> FitResult {
        try check(data, options, hasPermutation: permutation != nil)
        let context = FitContext(model: model, optimizer: optimizer, options: options)
        for callback in callbacks { try callback.onTrainBegin(context) }
        let result = try data.inputs.withUnsafeBufferPointer { inputs in
            try data.targets.withUnsafeBufferPointer { targets in
                guard let inputs = inputs.baseAddress, let targets = targets.baseAddress else {
                    return FitResult(history: [], stopReason: nil, interrupted: false, diverged: false)
                }
                return try FitLoop(model: model, optimizer: optimizer, data: data, inputs: inputs, targets: targets,
                                   context: context, callbacks: callbacks, permutation: permutation,
                                   progress: progress, shouldStop: shouldStop).run()
            }
        }
        for callback in callbacks { try callback.onTrainEnd(context) }
        return result
    }

    /// Throws a `FitError` that says what to change when `data`, the model and `options`
    /// do not go together.
    private func check(_ data: WindowedSeries, _ options: FitOptions, hasPermutation: Bool) throws {
        let architecture = model.architecture
        guard data.timesteps == architecture.timesteps, data.features == architecture.features else {
            throw FitError(message: "the model's input is [\(architecture.timesteps), \(architecture.features)] "
                + "but the windows are [\(data.timesteps), \(data.features)]; make windows(length:) match input(shape:)")
        }
        guard data.count >= 0, data.inputs.count == data.count * data.timesteps * data.features,
              data.outputs >= 1, data.targets.count == data.count * data.outputs else {
            throw FitError(message: "the data holds \(data.inputs.count) inputs and \(data.targets.count) targets "
                + "for \(data.count) windows of [\(data.timesteps), \(data.features)]")
        }
        guard model.outputUnits == data.outputs else {
            throw FitError(message: "mean_squared_error compares the model's outputs with the \(data.outputs) target value(s) "
                + "of each window, but the last layer has \(model.outputUnits) units; end the model with dense(units: \(data.outputs))")
        }
        guard options.batchSize > 0 else {
            throw FitError(message: "batch_size must be at least 1, got \(options.batchSize)")
        }
        guard options.epochs >= 0, options.initialEpoch >= 0, options.initialEpoch <= options.epochs else {
            throw FitError(message: "epochs must be at least 0 and the resumed epoch (\(options.initialEpoch)) at most epochs (\(options.epochs))")
        }
        guard options.validationSplit >= 0, options.validationSplit < 1 else {
            throw FitError(message: "validation_split must be in [0, 1), got \(options.validationSplit)")
        }
        guard validationSplitIndex(count: data.count, split: options.validationSplit) > 0 else {
            throw FitError(message: "no training samples: \(data.count) windows with validation_split \(options.validationSplit); "
                + "make the series longer or the split smaller")
        }
        guard options.rollout >= 1 else {
            throw FitError(message: "rollout must be at least 1 (1 is ordinary training), got \(options.rollout)")
        }
        if options.rollout > 1 {
            guard data.features == 1, data.outputs == 1, let origins = data.origins, let source = data.source, origins.count == data.count else {
                throw FitError(message: "rollout: \(options.rollout) feeds predictions back into windows of one series; "
                    + "it needs windows cut by windows(length:) from a one-feature series")
            }
            guard origins.allSatisfy({ $0 >= 0 && $0 + data.timesteps <= source.count }) else {
                throw FitError(message: "rollout: the windows' origins do not lie inside their series")
            }
        }
        if options.shuffle && !hasPermutation {
            throw FitError(message: "shuffle: true needs a permutation provider (the lesson's random generator)")
        }
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
