import LessonLanguage
import LSTMCore
import Plot

/// Everything a run tells the user goes through this; the command line draws it
/// (Keras-like progress in a terminal, plain lines otherwise).
public protocol RunObserver: AnyObject {
    /// A cell starts: header `[4/6] data  Lessons/01-sine-wave.md:97`; `reason` says
    /// why a cell that was not asked for runs (`stale: EPOCH_NM 1000 → 30`).
    func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?)
    /// A fit cell whose kept results are fresh: loaded from disk, not retrained.
    func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String)
    /// One line a step reports (`data: 4000 values, 3920 windows of 80 steps, shuffled`).
    func report(_ line: String)
    /// One line a cell's `print(...)` wrote.
    func printed(_ text: String)
    func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int)
    func batchEnded(_ progress: BatchProgress)
    /// An epoch ended; `checkpointMessage` is Keras' ModelCheckpoint line, if any.
    func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?)
    /// A chart was written as a PNG (the observer may draw a terminal preview).
    func plotWritten(path: String, chart: LineChart)
    /// Something the user must hear even from a quiet command (`lesson list`): a damaged
    /// store file moved aside, a folder adopted. Defaults to `report`.
    func warning(_ line: String)
}

extension RunObserver {
    public func warning(_ line: String) { report(line) }
}
