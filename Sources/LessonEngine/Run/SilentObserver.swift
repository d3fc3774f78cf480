import LessonLanguage
import LSTMCore
import Plot

/// An observer that ignores everything (planning a run without telling anyone).
final class SilentObserver: RunObserver {
    func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?) {}
    func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String) {}
    func report(_ line: String) {}
    func printed(_ text: String) {}
    func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int) {}
    func batchEnded(_ progress: BatchProgress) {}
    func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?) {}
    func plotWritten(path: String, chart: LineChart) {}
}
