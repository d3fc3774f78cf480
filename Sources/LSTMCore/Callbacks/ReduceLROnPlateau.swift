/// Keras' ReduceLROnPlateau (mode "min"): lowers the optimizer's learning rate by
/// `factor` when the monitored value has not improved for `patience` epochs.
///
/// Each epoch, as Keras 3 does it: during a cooldown `cooldownCounter -= 1` and
/// `wait = 0`; an epoch improves when `value < best - minDelta` (sets `best`,
/// `wait = 0`); otherwise, outside a cooldown, `wait += 1`, and when `wait >= patience`
/// and the rate is above `minLearningRate`: `lr ← max(lr · factor, minLearningRate)`,
/// `cooldownCounter = cooldown`, `wait = 0`.
///
/// Why a lesson uses it: with a fixed rate RMSprop's steps stay as large as they were
/// at the start, so the weights keep jittering around the minimum; a lower rate lets
/// them settle, and a smaller one-step error compounds less in a free-running forecast.
public final class ReduceLROnPlateau: Callback {
    public let monitor: String
    public let factor: Double
    public let patience: Int
    public let minDelta: Double
    public let cooldown: Int
    public let minLearningRate: Double
    /// Settable to resume.
    public var best: Double = .infinity
    public var wait: Int = 0
    public var cooldownCounter: Int = 0
    /// Called with a line when the rate changes ("Epoch 31: ReduceLROnPlateau reducing learning rate to 0.0001.").
    let onMessage: ((String) -> Void)?

    /// Why `factor` cannot lower a rate (nil when it can): a lesson's checker asks too,
    /// so that `lesson check` gives this message before anything runs.
    public static func factorProblem(_ factor: Double) -> String? {
        factor > 0 && factor < 1 ? nil
            : "reduce_lr_on_plateau factor must be above 0 and below 1 (new rate = rate · factor), got \(factor)"
    }

    /// - Throws: `CallbackError` when `factor` is not in (0, 1) (Keras refuses ≥ 1 too),
    ///   or patience, cooldown, minDelta or minLearningRate is negative.
    public init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, minDelta: Double = 1e-4,
                cooldown: Int = 0, minLearningRate: Double = 0, onMessage: ((String) -> Void)? = nil) throws {
        if let problem = Self.factorProblem(factor) { throw CallbackError(message: problem) }
        guard patience >= 0, cooldown >= 0, minDelta >= 0, minLearningRate >= 0 else {
            throw CallbackError(message: "reduce_lr_on_plateau patience, cooldown, min_delta and min_lr must be at least 0")
        }
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
        self.onMessage = onMessage
    }

    public func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        guard let value = log.value(of: monitor) else {
            throw CallbackError(message: "reduce_lr_on_plateau monitors '\(monitor)', which fit does not report"
                + (monitor == "val_loss" ? " without validation data; set validation_split above 0" : "; use \"loss\" or \"val_loss\""))
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if value < best - minDelta {
            best = value
            wait = 0
        } else if cooldownCounter == 0 {
            wait += 1
            let optimizer = context.optimizer
            // Keras compares the rate with min_lr in float32.
            if wait >= patience && Float(optimizer.learningRate) > Float(minLearningRate) {
                optimizer.learningRate = max(optimizer.learningRate * factor, minLearningRate)
                cooldownCounter = cooldown
                wait = 0
                onMessage?("Epoch \(log.epoch): ReduceLROnPlateau reducing learning rate to \(formatSignificant(optimizer.learningRate)).")
            }
        }
        return .continue
    }

    /// What a resumed run restores (with the optimizer's rate, which the state file keeps).
    public struct State: Codable, Equatable, Sendable {
        public var best: Double
        public var wait: Int
        public var cooldownCounter: Int
    }

    public var state: State {
        get { State(best: best, wait: wait, cooldownCounter: cooldownCounter) }
        set {
            best = newValue.best
            wait = newValue.wait
            cooldownCounter = newValue.cooldownCounter
        }
    }
}
