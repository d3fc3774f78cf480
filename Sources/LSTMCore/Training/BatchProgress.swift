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
