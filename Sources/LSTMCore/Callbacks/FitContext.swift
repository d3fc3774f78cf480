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
