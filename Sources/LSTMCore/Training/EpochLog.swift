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
