/// Keras' `model.fit` for a `Sequential` with mean squared error and RMSprop.
///
/// Buffers are allocated once per `fit` (sized for one batch) and reused by every
/// training and validation batch; the last batch of an epoch may be partial.
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
        let trainCount = validationSplitIndex(count: data.count, split: options.validationSplit)
        let validationCount = data.count - trainCount
        let capacity = min(options.batchSize, max(trainCount, validationCount))
        let workspace = ModelWorkspace(model: model, capacity: capacity)
        let targets = FloatBuffer(count: capacity)
        let dOutput = FloatBuffer(count: capacity)
        let order = UnsafeMutablePointer<Int>.allocate(capacity: trainCount)
        defer { order.deallocate() }
        let rollout = options.rollout > 1
            ? ClosedLoopRollout(steps: options.rollout, timesteps: data.timesteps, capacity: capacity) : nil
        let rolloutSource = rollout == nil ? nil : RolloutSource(data)
        defer { rolloutSource?.deallocate() }

        let context = FitContext(model: model, optimizer: optimizer, options: options)
        var result = FitResult(history: [], stopReason: nil, interrupted: false, diverged: false)
        for callback in callbacks { try callback.onTrainBegin(context) }
        let batches = (trainCount + options.batchSize - 1) / options.batchSize

        try data.inputs.withUnsafeBufferPointer { inputBuffer in
            try data.targets.withUnsafeBufferPointer { targetBuffer in
                guard let inputs = inputBuffer.baseAddress, let allTargets = targetBuffer.baseAddress else { return }
                epochs: for epoch in options.initialEpoch..<options.epochs {
                    let started = ContinuousClock.now
                    try fillOrder(order, count: trainCount, shuffle: options.shuffle, permutation: permutation)
                    var weightedLoss = 0.0
                    var seen = 0
                    for batchIndex in 0..<batches {
                        let start = batchIndex * options.batchSize
                        let batch = min(options.batchSize, trainCount - start)
                        model.zeroGradients()
                        let batchLoss: Double
                        if let rollout, let source = rolloutSource {
                            rollout.load(windows: inputs, origins: source.origins, source: source.values,
                                         sourceCount: source.count, order: UnsafePointer(order), start: start, batch: batch)
                            batchLoss = rollout.lossAndGradients(model, workspace: workspace, batch: batch)
                        } else {
                            workspace.loadInputs(inputs, indices: UnsafePointer(order), start: start, batch: batch)
                            for b in 0..<batch { targets.pointer[b] = allTargets[order[start + b]] }
                            let predictions = model.forward(workspace, batch: batch, training: true)
                            batchLoss = MeanSquaredError.forward(predictions: predictions, targets: targets.pointer, batch: batch)
                            if batchLoss.isFinite {
                                MeanSquaredError.backward(dPredictions: dOutput.pointer, predictions: predictions,
                                                          targets: targets.pointer, batch: batch)
                                model.backward(workspace, dOutput: dOutput.pointer)
                            }
                        }
                        guard batchLoss.isFinite else {
                            result.diverged = true
                            result.stopReason = "the loss became \(batchLoss) at epoch \(epoch + 1), batch \(batchIndex + 1); "
                                + "training diverged: lower the learning rate or rescale the data"
                            break epochs
                        }
                        optimizer.step()
                        weightedLoss += batchLoss * Double(batch)
                        seen += batch
                        progress?(BatchProgress(epoch: epoch + 1, epochs: options.epochs, batch: batchIndex + 1,
                                                batches: batches, runningLoss: weightedLoss / Double(seen),
                                                seconds: seconds(since: started)))
                        if shouldStop?() == true {
                            result.interrupted = true
                            result.stopReason = "interrupted during epoch \(epoch + 1); the last finished epoch is \(context.epoch)"
                            break epochs
                        }
                    }
                    let validationLoss = validationCount > 0
                        ? validate(workspace, inputs: inputs + trainCount * data.timesteps * data.features,
                                   targets: allTargets + trainCount, count: validationCount, scratch: targets)
                        : nil
                    let log = EpochLog(epoch: epoch + 1, loss: weightedLoss / Double(max(seen, 1)),
                                       valLoss: validationLoss, seconds: seconds(since: started))
                    result.history.append(log)
                    context.history.append(log)
                    context.epoch = epoch + 1
                    if let validationLoss, !validationLoss.isFinite {
                        result.diverged = true
                        result.stopReason = "val_loss became \(validationLoss) at epoch \(epoch + 1); "
                            + "training diverged: lower the learning rate or rescale the data"
                        break epochs
                    }
                    var stopReasons: [String] = []
                    for callback in callbacks {
                        if case .stop(let reason) = try callback.onEpochEnd(log, context) { stopReasons.append(reason) }
                    }
                    if !stopReasons.isEmpty {
                        result.stopReason = stopReasons.joined(separator: "; ")
                        break epochs
                    }
                }
            }
        }
        for callback in callbacks { try callback.onTrainEnd(context) }
        return result
    }

    /// Mean squared error over `count` samples with the current weights, in batches
    /// of the workspace's capacity: the exact sample mean (summed in Double).
    private func validate(_ workspace: ModelWorkspace, inputs: UnsafePointer<Float>, targets: UnsafePointer<Float>,
                          count: Int, scratch: FloatBuffer) -> Double {
        var sum = 0.0
        var start = 0
        while start < count {
            let batch = min(workspace.capacity, count - start)
            workspace.loadInputs(inputs, indices: nil, start: start, batch: batch)
            let predictions = model.forward(workspace, batch: batch, training: false)
            sum += MeanSquaredError.forward(predictions: predictions, targets: targets + start, batch: batch) * Double(batch)
            start += batch
        }
        return sum / Double(count)
    }

    private func fillOrder(_ order: UnsafeMutablePointer<Int>, count: Int, shuffle: Bool,
                           permutation: PermutationProvider?) throws {
        guard shuffle, let permutation else {
            for i in 0..<count { order[i] = i }
            return
        }
        let drawn = permutation(count)
        guard drawn.count == count else {
            throw FitError(message: "the shuffle permutation has \(drawn.count) entries for \(count) training samples")
        }
        var seen = [Bool](repeating: false, count: count)
        for (k, index) in drawn.enumerated() {
            guard index >= 0, index < count, !seen[index] else {
                throw FitError(message: "the shuffle permutation is not a permutation of 0..<\(count) (entry \(index))")
            }
            seen[index] = true
            order[k] = index
        }
    }

    private func check(_ data: WindowedSeries, _ options: FitOptions, hasPermutation: Bool) throws {
        let architecture = model.architecture
        guard data.timesteps == architecture.timesteps, data.features == architecture.features else {
            throw FitError(message: "the model's input is [\(architecture.timesteps), \(architecture.features)] "
                + "but the windows are [\(data.timesteps), \(data.features)]; make windows(length:) match input(shape:)")
        }
        guard data.count >= 0, data.inputs.count == data.count * data.timesteps * data.features,
              data.targets.count == data.count else {
            throw FitError(message: "the data holds \(data.inputs.count) inputs and \(data.targets.count) targets "
                + "for \(data.count) windows of [\(data.timesteps), \(data.features)]")
        }
        guard model.outputUnits == 1 else {
            throw FitError(message: "mean_squared_error compares one output per window with its target, "
                + "but the last layer has \(model.outputUnits) units; end the model with dense(units: 1)")
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
            guard data.features == 1, let origins = data.origins, let source = data.source, origins.count == data.count else {
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
