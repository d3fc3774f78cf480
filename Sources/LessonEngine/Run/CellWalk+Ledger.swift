import LessonLanguage
import LSTMCore
import Foundation

/// What the run's fit and validate cells did, for its ledger entry.
extension CellWalk {
    func noteFit(_ cell: Cell, _ key: String, _ fit: FitRecord, trained: Bool) {
        fitEntries.append(LedgerEntry.FitEntry(cell: cell.index, name: cell.name, key: key, folder: fit.folder, trained: trained,
                                               epochs: fit.history.count, bestEpoch: fit.best?.epoch, bestValue: fit.best?.value,
                                               monitor: fit.monitor))
    }

    func note(_ record: CellRecord, _ cell: Cell) {
        if let fit = record.fit, cell.kind == .fit { noteFit(cell, record.key, fit, trained: true) }
        if cell.kind == .validate {
            validateEntries.append(LedgerEntry.ValidateEntry(cell: cell.index, name: cell.name, key: record.key,
                                                             status: record.status.rawValue, numbers: record.numbers ?? [:],
                                                             forecasts: record.forecasts ?? []))
        }
    }

    /// The run's ledger entry, or nil when it neither fitted nor validated.
    func ledgerEntry(started: Date, status: String, failure: String?) -> LedgerEntry? {
        guard !fitEntries.isEmpty || !validateEntries.isEmpty else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return LedgerEntry(lesson: lesson.path, lessonText: RunLedger.lessonText(lesson), started: formatter.string(from: started),
                           seconds: Date().timeIntervalSince(started), host: ProcessInfo.processInfo.hostName,
                           command: options.commandLine, overrides: options.overrides, seed: session.seed, threads: BLAS.threads,
                           cpu: RunLedger.cpu, kernels: NumericsVersion.kernels, status: status, failure: failure,
                           fits: fitEntries, validates: validateEntries, keys: walkedKeys)
    }
}
