import LessonLanguage
import LSTMCore
import Plot
import Foundation
import Synchronization

/// Passes a watched run's events on to the real observer, and tells the watcher's
/// thread which fit is training (the cell an upstream edit would stop). Lines the
/// watcher's thread wants shown during the run are queued and shown by the run's own
/// thread at its next event, so they never cut into a progress line being drawn.
final class WatchObserver: RunObserver, Sendable {
    private struct State {
        var announcedFit: Int?
        var training = false
        var notes: [String] = []
    }

    /// Called only from the run's thread (and after the run), never from the watcher's.
    nonisolated(unsafe) private let base: RunObserver
    private let state = Mutex(State())

    init(base: RunObserver) {
        self.base = base
    }

    /// The fit cell training now, if any.
    var runningFit: Int? {
        state.withLock { $0.training ? $0.announcedFit : nil }
    }

    /// Queues a line to show at the run's next event.
    func note(_ line: String) {
        state.withLock { $0.notes.append(line) }
    }

    /// Shows the queued lines; called by the run's thread, and after the run.
    func flushNotes() {
        let notes = state.withLock { state in
            defer { state.notes = [] }
            return state.notes
        }
        for line in notes { base.report(line) }
    }

    /// The run ended: nothing trains any more.
    func runEnded() {
        state.withLock { $0.announcedFit = nil; $0.training = false }
        flushNotes()
    }

    func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?) {
        state.withLock { $0.announcedFit = cell.kind == .fit ? cell.index : nil; $0.training = false }
        flushNotes()
        base.cellWillRun(cell, position: position, total: total, reason: reason)
    }

    func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String) {
        state.withLock { $0.announcedFit = nil; $0.training = false }
        flushNotes()
        base.cellSkipped(cell, position: position, total: total, why: why)
    }

    func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int) {
        state.withLock { $0.training = $0.announcedFit != nil }
        flushNotes()
        base.fitWillStart(epochs: epochs, batchesPerEpoch: batchesPerEpoch, initialEpoch: initialEpoch)
    }

    func report(_ line: String) {
        flushNotes()
        base.report(line)
    }

    func printed(_ text: String) {
        flushNotes()
        base.printed(text)
    }

    func batchEnded(_ progress: BatchProgress) {
        flushNotes()
        base.batchEnded(progress)
    }

    func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?) {
        flushNotes()
        base.epochEnded(log, epochs: epochs, checkpointMessage: checkpointMessage)
    }

    func plotWritten(path: String, chart: LineChart) {
        flushNotes()
        base.plotWritten(path: path, chart: chart)
    }
}
