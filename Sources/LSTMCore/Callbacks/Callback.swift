/// What `fit` reports and what callbacks (ModelCheckpoint, EarlyStopping) see.

/// `fit(batch_size:, epochs:, validation_split:, shuffle:, rollout:)`; `initialEpoch` is the
/// number of epochs already done (to resume), so epochs `initialEpoch + 1 … epochs` run.
public struct FitOptions: Sendable, Equatable {
    public var batchSize: Int
    public var epochs: Int
    public var validationSplit: Double
    public var shuffle: Bool
    public var initialEpoch: Int
    /// Predictions per training window: 1 is ordinary (teacher-forced) training; k > 1
    /// trains on closed-loop rollouts of k steps, each prediction fed back as the next
    /// window's newest value, with the loss on all k and gradients through the feedback
    /// (see `ClosedLoopRollout`).
    public var rollout: Int

    public init(batchSize: Int = 32, epochs: Int = 1, validationSplit: Double = 0,
                shuffle: Bool = false, initialEpoch: Int = 0, rollout: Int = 1) {
        self.batchSize = batchSize
        self.epochs = epochs
        self.validationSplit = validationSplit
        self.shuffle = shuffle
        self.initialEpoch = initialEpoch
        self.rollout = rollout
    }
}

/// One finished epoch (1-based, as Keras prints and as checkpoint templates use).
public struct EpochLog: Codable, Equatable, Sendable {
    public var epoch: Int
    /// Batch-size-weighted mean of each batch's loss, taken before that batch's update
    /// (with a rollout, each batch's loss is the mean over all its rollout predictions).
    public var loss: Double
    /// Mean loss over the validation samples with the end-of-epoch weights; nil without validation.
    public var valLoss: Double?
    public var seconds: Double

    public init(epoch: Int, loss: Double, valLoss: Double?, seconds: Double) {
        self.epoch = epoch
        self.loss = loss
        self.valLoss = valLoss
        self.seconds = seconds
    }

    /// The value a callback monitors: "loss" or "val_loss" (nil for another name or no validation).
    public func value(of monitor: String) -> Double? {
        switch monitor {
        case "loss": return loss
        case "val_loss": return valLoss
        default: return nil
        }
    }
}

/// Reported after every batch (for the progress line).
public struct BatchProgress: Sendable, Equatable {
    /// 1-based epoch and batch.
    public var epoch: Int
    public var epochs: Int
    public var batch: Int
    public var batches: Int
    /// Batch-size-weighted mean loss of this epoch's batches so far.
    public var runningLoss: Double
    /// Seconds since the epoch started.
    public var seconds: Double
}

/// A callback's verdict at the end of an epoch.
public enum FitDecision: Equatable, Sendable {
    case `continue`
    case stop(reason: String)
}

/// How fit ended.
public struct FitResult: Sendable {
    /// The epochs this call ran, in order.
    public var history: [EpochLog]
    /// Why training ended before `epochs` (early stopping, a NaN loss, an interruption); nil when it ran them all.
    public var stopReason: String?
    /// True when `shouldStop` interrupted an epoch: that epoch is not in `history`, and
    /// the weights have moved on from its start (resume from the last saved epoch).
    public var interrupted: Bool
    /// True when the loss became NaN or infinite.
    public var diverged: Bool
}

/// What callbacks can read and change: the model and optimizer (to save or load
/// weights and slots), the epoch just finished and the history so far.
public final class FitContext {
    public let model: Sequential
    public let optimizer: RMSprop
    public let options: FitOptions
    /// The last finished epoch, 1-based (`options.initialEpoch` before the first).
    public internal(set) var epoch: Int
    /// Epochs finished in this call.
    public internal(set) var history: [EpochLog] = []

    /// Made by `Trainer.fit`; public so callbacks can be driven in tests.
    public init(model: Sequential, optimizer: RMSprop, options: FitOptions) {
        self.model = model
        self.optimizer = optimizer
        self.options = options
        epoch = options.initialEpoch
    }
}

/// Called by `Trainer.fit` at the start, after each epoch and at the end. Every
/// method has a no-op default. A throw ends fit and is rethrown to its caller.
public protocol Callback: AnyObject {
    func onTrainBegin(_ context: FitContext) throws
    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision
    func onTrainEnd(_ context: FitContext) throws
}

extension Callback {
    public func onTrainBegin(_ context: FitContext) throws {}
    public func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision { .continue }
    public func onTrainEnd(_ context: FitContext) throws {}
}
