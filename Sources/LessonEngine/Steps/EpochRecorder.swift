import LSTMCore

/// The first callback of a lesson's fit: after each epoch it rewrites `history.csv`
/// (the whole history, a resumed fit's earlier epochs included) and draws the epoch's
/// line, before the checkpoint's message (as Keras prints them).
final class EpochRecorder: Callback {
    let reporter: Reporter
    let historyPath: String
    private(set) var history: [EpochLog]

    init(reporter: Reporter, historyPath: String, earlier: [EpochLog]) {
        self.reporter = reporter
        self.historyPath = historyPath
        history = earlier
    }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        history.append(log)
        do {
            try HistoryCSV.write(history, to: historyPath)
        } catch {
            throw LessonError("cannot write \(historyPath): \(error)", file: historyPath, line: 0, column: 0, kind: .io)
        }
        if !reporter.muted { reporter.observer.epochEnded(log, epochs: context.options.epochs, checkpointMessage: nil) }
        return .continue
    }
}
