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
