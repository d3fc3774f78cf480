/// One call of `Trainer.fit` after its checks, as named steps:
///
///     run              epochs initialEpoch + 1 … epochs, until one of them stops the fit
///       trainBatches   one epoch's batches in the epoch's sample order
///         trainBatch   zero the gradients, forward, loss, backward (teacher-forced or rolled out)
///       validationLoss the validation samples with the end-of-epoch weights
///       stopAfter      a non-finite val_loss, or the callbacks' verdicts
///
/// Its buffers are sized for one batch and reused by every training and validation
/// batch; the last batch of an epoch may be partial. `inputs` and `targets` point into
/// the data's arrays and are only read while `run` runs.
final class FitLoop {
    let model: Sequential
    let optimizer: RMSprop
    let options: FitOptions
    let context: FitContext
    let callbacks: [Callback]
    let permutation: Trainer.PermutationProvider?
    let progress: ((BatchProgress) -> Void)?
    let shouldStop: (() -> Bool)?
    /// `[N, T, F]` windows and `[N, O]` targets: the first `trainCount` train, the rest validate.
    let inputs: UnsafePointer<Float>
    let targets: UnsafePointer<Float>
    let trainCount: Int
    let validationCount: Int
    /// `T · F`, the floats of one window.
    let windowSize: Int
    /// O, the target values of one window (the model's outputs a sample).
    let outputs: Int
    let batches: Int
    let workspace: ModelWorkspace
    /// `[B, O]` targets of the batch in sample order, and `[B, O]` dL/dŷ.
    let batchTargets: FloatBuffer
    let dOutput: FloatBuffer
    /// `[trainCount]`: the epoch's order of the training samples.
    let order: UnsafeMutablePointer<Int>
    /// With `options.rollout > 1`: the closed-loop buffers and the series they read.
    let closedLoop: (rollout: ClosedLoopRollout, source: RolloutSource)?

    /// Call after `Trainer.check`, which makes sure the data fits the model and the options.
    init(model: Sequential, optimizer: RMSprop, data: WindowedSeries, inputs: UnsafePointer<Float>,
         targets: UnsafePointer<Float>, context: FitContext, callbacks: [Callback],
         permutation: Trainer.PermutationProvider?, progress: ((BatchProgress) -> Void)?, shouldStop: (() -> Bool)?) {
        self.model = model
        self.optimizer = optimizer
        options = context.options
        self.context = context
        self.callbacks = callbacks
        self.permutation = permutation
        self.progress = progress
        self.shouldStop = shouldStop
        self.inputs = inputs
        self.targets = targets
        trainCount = validationSplitIndex(count: data.count, split: options.validationSplit)
        validationCount = data.count - trainCount
        windowSize = data.timesteps * data.features
        outputs = data.outputs
        batches = (trainCount + options.batchSize - 1) / options.batchSize
        let capacity = min(options.batchSize, max(trainCount, validationCount))
        workspace = ModelWorkspace(model: model, capacity: capacity)
        batchTargets = FloatBuffer(count: capacity * data.outputs)
        dOutput = FloatBuffer(count: capacity * data.outputs)
        order = UnsafeMutablePointer<Int>.allocate(capacity: trainCount)
        closedLoop = options.rollout > 1
            ? (ClosedLoopRollout(steps: options.rollout, timesteps: data.timesteps, capacity: capacity),
               RolloutSource(data))
            : nil
    }

    deinit {
        order.deallocate()
        closedLoop?.source.deallocate()
    }

    /// Trains epochs `options.initialEpoch + 1 … options.epochs` and reports how fit ended.
    func run() throws -> FitResult {
        var result = FitResult(history: [], stopReason: nil, interrupted: false, diverged: false)
        for epoch in options.initialEpoch..<options.epochs {
            let started = ContinuousClock.now
            try fillOrder()
            var loss = EpochLoss()
            if let stop = trainBatches(epoch: epoch, started: started, loss: &loss) {
                record(stop, in: &result)
                break
            }
            let log = EpochLog(epoch: epoch + 1, loss: loss.mean, valLoss: validationLoss(),
                               seconds: seconds(since: started))
            result.history.append(log)
            context.history.append(log)
            context.epoch = epoch + 1
            if let stop = try stopAfter(log) {
                record(stop, in: &result)
                break
            }
        }
        return result
    }

    /// Marks `result` as ended by `stop`, with its reason.
    private func record(_ stop: Stop, in result: inout FitResult) {
        switch stop {
        case .diverged(let reason):
            result.diverged = true
            result.stopReason = reason
        case .interrupted(let reason):
            result.interrupted = true
            result.stopReason = reason
        case .callbacks(let reasons):
            result.stopReason = reasons
        }
    }

    /// Sets `order` to `0..<trainCount`, or with `shuffle` to the provider's permutation
    /// after checking that it is one.
    private func fillOrder() throws {
        guard options.shuffle, let permutation else {
            for i in 0..<trainCount { order[i] = i }
            return
        }
        let drawn = permutation(trainCount)
        guard drawn.count == trainCount else {
            throw FitError(message: "the shuffle permutation has \(drawn.count) entries for \(trainCount) training samples")
        }
        var seen = [Bool](repeating: false, count: trainCount)
        for (k, index) in drawn.enumerated() {
            guard index >= 0, index < trainCount, !seen[index] else {
                throw FitError(message: "the shuffle permutation is not a permutation of 0..<\(trainCount) (entry \(index))")
            }
            seen[index] = true
            order[k] = index
        }
    }

    /// One epoch's batches: after each, an RMSprop update, the progress report and the
    /// interruption check. Returns why fit stops, or nil when every batch trained.
    private func trainBatches(epoch: Int, started: ContinuousClock.Instant, loss: inout EpochLoss) -> Stop? {
        for batchIndex in 0..<batches {
            let start = batchIndex * options.batchSize
            let batch = min(options.batchSize, trainCount - start)
            let batchLoss = trainBatch(start: start, batch: batch)
            guard batchLoss.isFinite else {
                return .diverged("the loss became \(batchLoss) at epoch \(epoch + 1), batch \(batchIndex + 1); "
                    + "training diverged: lower the learning rate or rescale the data")
            }
            optimizer.step()
            loss.add(batchLoss, batch: batch)
            progress?(BatchProgress(epoch: epoch + 1, epochs: options.epochs, batch: batchIndex + 1,
                                    batches: batches, runningLoss: loss.mean, seconds: seconds(since: started)))
            if shouldStop?() == true {
                return .interrupted("interrupted during epoch \(epoch + 1); the last finished epoch is \(context.epoch)")
            }
        }
        return nil
    }

    /// The loss of the `batch` samples at `order[start...]` and, when it is finite, their
    /// gradients in the parameters (zeroed first).
    private func trainBatch(start: Int, batch: Int) -> Double {
        model.zeroGradients()
        if let closedLoop {
            let source = closedLoop.source
            closedLoop.rollout.load(windows: inputs, origins: source.origins, source: source.values,
                                    sourceCount: source.count, order: UnsafePointer(order), start: start, batch: batch)
            return closedLoop.rollout.lossAndGradients(model, workspace: workspace, batch: batch)
        }
        workspace.loadInputs(inputs, indices: UnsafePointer(order), start: start, batch: batch)
        let O = outputs
        for b in 0..<batch {
            (batchTargets.pointer + b * O).update(from: targets + order[start + b] * O, count: O)
        }
        let predictions = model.forward(workspace, batch: batch, training: true)
        // Keras' mean squared error over [B, O]: the mean over all B·O values.
        let loss = MeanSquaredError.forward(predictions: predictions, targets: batchTargets.pointer, batch: batch * O)
        if loss.isFinite {
            MeanSquaredError.backward(dPredictions: dOutput.pointer, predictions: predictions,
                                      targets: batchTargets.pointer, batch: batch * O)
            model.backward(workspace, dOutput: dOutput.pointer)
        }
        return loss
    }

    /// Mean squared error over the validation samples with the current weights, in
    /// batches of the workspace's capacity: the exact sample mean (summed in Double); nil
    /// without validation.
    private func validationLoss() -> Double? {
        guard validationCount > 0 else { return nil }
        let inputs = self.inputs + trainCount * windowSize, targets = self.targets + trainCount * outputs
        var sum = 0.0
        var start = 0
        while start < validationCount {
            let batch = min(workspace.capacity, validationCount - start)
            workspace.loadInputs(inputs, indices: nil, start: start, batch: batch)
            let predictions = model.forward(workspace, batch: batch, training: false)
            sum += MeanSquaredError.forward(predictions: predictions, targets: targets + start * outputs,
                                            batch: batch * outputs) * Double(batch)
            start += batch
        }
        return sum / Double(validationCount)
    }

    /// Whether fit ends after the epoch of `log`: at a non-finite val_loss (the callbacks
    /// are not called then), or when any callback's `onEpochEnd` says stop (all are called).
    private func stopAfter(_ log: EpochLog) throws -> Stop? {
        if let validationLoss = log.valLoss, !validationLoss.isFinite {
            return .diverged("val_loss became \(validationLoss) at epoch \(log.epoch); "
                + "training diverged: lower the learning rate or rescale the data")
        }
        var reasons: [String] = []
        for callback in callbacks {
            if case .stop(let reason) = try callback.onEpochEnd(log, context) { reasons.append(reason) }
        }
        return reasons.isEmpty ? nil : .callbacks(reasons.joined(separator: "; "))
    }

    /// Why fit ends before its last epoch.
    private enum Stop {
        /// A NaN or infinite loss or val_loss.
        case diverged(String)
        /// `shouldStop` returned true during an epoch.
        case interrupted(String)
        /// Callbacks returned `.stop`; their reasons joined.
        case callbacks(String)
    }

    /// The batch-size-weighted mean of an epoch's batch losses (each taken before its update).
    private struct EpochLoss {
        var weightedSum = 0.0
        var samples = 0

        mutating func add(_ batchLoss: Double, batch: Int) {
            weightedSum += batchLoss * Double(batch)
            samples += batch
        }

        var mean: Double { weightedSum / Double(max(samples, 1)) }
    }
}
