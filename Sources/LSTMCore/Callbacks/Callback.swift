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

/// A callback's verdict at the end of an epoch.
public enum FitDecision: Equatable, Sendable {
    case `continue`
    case stop(reason: String)
}
