/// Keras' EarlyStopping (mode "min", no baseline, no weight restoring): each epoch
/// `wait += 1`; an epoch improves when `value < best - minDelta` (strictly), which
/// sets `best` and `wait = 0`; training stops when `wait >= patience`. So a best at
/// epoch B with patience 20 stops after epoch B + 20.
public final class EarlyStopping: Callback {
    public let monitor: String
    public let patience: Int
    public let minDelta: Double
    /// Best monitored value so far (+∞ before the first epoch). Settable to resume.
    public var best: Double = .infinity
    /// Epochs since the last improvement. Settable to resume.
    public var wait: Int = 0
    /// 1-based epoch of `best` (0 before the first epoch).
    public var bestEpoch: Int = 0
    /// 1-based epoch at which this callback stopped training, if it did.
    public private(set) var stoppedEpoch: Int?

    public init(monitor: String = "val_loss", patience: Int = 0, minDelta: Double = 0) {
        self.monitor = monitor
        self.patience = patience
        self.minDelta = abs(minDelta)
    }

    public func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        guard let value = log.value(of: monitor) else {
            throw CallbackError(message: "early_stopping monitors '\(monitor)', which fit does not report"
                + (monitor == "val_loss" ? " without validation data; set validation_split above 0" : "; use \"loss\" or \"val_loss\""))
        }
        wait += 1
        if value + minDelta < best {
            best = value
            bestEpoch = log.epoch
            wait = 0
            return .continue
        }
        // Keras does not stop at its first epoch (0-based epoch > 0).
        if wait >= patience && log.epoch > 1 {
            stoppedEpoch = log.epoch
            return .stop(reason: "early stopping: \(monitor) has not improved for \(wait) epochs "
                + "(best \(formatSignificant(best)) at epoch \(bestEpoch))")
        }
        return .continue
    }
}
