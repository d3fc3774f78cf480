/// What a resumed `EarlyStopping` needs: `best`, `wait`, `bestEpoch`, and the epoch at
/// which it stopped the run, if it did (then there is nothing left to resume).
public struct EarlyStoppingState: Codable, Equatable, Sendable {
    public var best: Double
    public var wait: Int
    public var bestEpoch: Int
    public var stoppedEpoch: Int?

    public init(_ callback: EarlyStopping) {
        best = callback.best
        wait = callback.wait
        bestEpoch = callback.bestEpoch
        stoppedEpoch = callback.stoppedEpoch
    }

    /// Sets `callback`'s counters to this state.
    public func restore(into callback: EarlyStopping) {
        callback.best = best
        callback.wait = wait
        callback.bestEpoch = bestEpoch
    }
}
