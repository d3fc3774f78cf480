import SafeFiles
import LSTMCore

/// The first callback of a lesson's fit: after each epoch it rewrites `history.csv`
/// (the whole history, a resumed fit's earlier epochs included) in the fit's open
/// folder, checks that the folder is still where the store says (`stillThere`), and
/// draws the epoch's line, before the checkpoint's message (as Keras prints them).
final class EpochRecorder: Callback {
    let reporter: Reporter
    let place: FilePlace
    let stillThere: () throws -> Void
    private(set) var history: [EpochLog]

    init(reporter: Reporter, history place: FilePlace, earlier: [EpochLog], stillThere: @escaping () throws -> Void) {
        self.reporter = reporter
        self.place = place
        self.stillThere = stillThere
        history = earlier
    }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        history.append(log)
        try HistoryCSV.write(history, to: place)
        try stillThere()
        if !reporter.muted { reporter.observer.epochEnded(log, epochs: context.options.epochs, checkpointMessage: nil) }
        return .continue
    }
}
