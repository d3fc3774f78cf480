/// A forecast ended early because its caller asked it to stop (Ctrl-C).
public struct ForecastStopped: Error, Equatable {
    /// Predictions finished before it stopped.
    public var predicted: Int
}
