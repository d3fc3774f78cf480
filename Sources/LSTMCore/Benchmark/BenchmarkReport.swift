/// What `lesson bench` prints: the seed configuration trained through `Trainer.fit`,
/// set against the sgemm rate measured in the same run.
public struct BenchmarkReport: Codable, Equatable, Sendable {
    /// Median seconds an epoch (train + validation).
    public var epochSeconds: Double
    /// Floating-point operations of one epoch ÷ `epochSeconds`, in GFLOP/s.
    public var gflops: Double
    /// OpenBLAS sgemm at the recurrent step's shape (256×300 · 300×g·300: 1200 for the LSTM), GFLOP/s.
    public var sgemmGflops: Double
    /// `epochSeconds` ÷ (epoch GFLOP ÷ `sgemmGflops`): 1 means every flop ran at sgemm speed.
    public var ratio: Double
    /// The fastest epoch and the fastest sgemm rate, and their ratio: on a shared
    /// machine the least disturbed measurements of each.
    public var bestEpochSeconds: Double
    public var bestSgemmGflops: Double
    public var bestRatio: Double
    /// Seconds for a 200-step forecast.
    public var forecastSeconds: Double
    /// Peak resident memory (VmHWM), MB.
    public var peakRSSMB: Double
    /// GFLOP in one epoch, from the shapes.
    public var epochGflop: Double
    public var threads: Int
    public var epochs: Int
}
