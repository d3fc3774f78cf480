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
