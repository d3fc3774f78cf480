import LessonLanguage
import Foundation

/// Running a cell, or restoring a fresh fit, and keeping what it made: its record,
/// the report, the constants the report lists.
extension CellWalk {
    /// Runs the cell, or loads a fresh fit's kept results instead of training again.
    /// Cells that were asked for, stale ones and fits are announced (with the reason
    /// when they were not asked for); a fresh cheap cell runs silently. Every result,
    /// and every failure, is kept in the store.
    func run(_ cell: Cell, _ plan: Plan, selected: Bool) throws {
        let total = lesson.cells.count
        var stale = plan.stale
        if interrupt.isRequested {
            throw RunInterrupted(lesson: lesson.path, epoch: 0, kept: nil, beforeCell: cell.index, resume: options.resumeCommand)
        }
        session.startCell(cell, key: plan.key)
        if cell.kind == .fit {
            if stale == nil, !options.force, let record = plan.record, let fit = record.fit {
                do {
                    try actions.loadFit(fit)
                    noteFit(cell, plan.key, fit, trained: false)
                    observer.cellSkipped(cell, position: cell.index, total: total,
                                         why: "fresh: \(record.summary); loaded from \(store.path(fit.folder)), not retrained")
                    return
                } catch {
                    stale = "its kept results cannot be read (\(error))"
                    staleKinds.insert(.fit)
                }
            }
            try prepareFit(cell, plan)
        }
        let announce = selected || stale != nil || cell.kind == .fit
        reporter.muted = !announce
        if announce {
            let showReason = !selected || (cell.kind == .fit && plan.previous != nil) || options.force
            let reason = options.force && stale == nil ? "forced" : stale
            observer.cellWillRun(cell, position: cell.index, total: total,
                                 reason: showReason ? reason.map { $0 == "forced" ? $0 : "stale: " + $0 } : nil)
        }
        let globalsBefore = interpreter.globals
        let run: CellRun
        do {
            run = try interpreter.run(cell, performer: actions)
        } catch let interrupted as RunInterrupted {
            // fit.json and last.safetensors already hold everything --resume needs.
            if let outcome = session.fitOutcome { noteFit(cell, plan.key, outcome.record, trained: true) }
            throw interrupted
        } catch let error as LessonError where error.kind == .failedRun {
            // An expect that does not hold, a loss that became NaN: kept, with the reason.
            if cell.kind == .validate { try writeReport(failure: error.headline) }
            let failed = record(of: cell, plan, status: .failed, failure: error.headline, since: globalsBefore)
            note(failed, cell)
            try store.save(failed)
            throw error
        }
        // `N_HIDDEN = 16 (--set; the lesson says 300)`: what the user asked for, where it took effect.
        for replacement in run.replacements { reporter.report(replacement.report) }
        if cell.kind == .constants {
            rememberConstants(run.namesBound)
            if session.summary.isEmpty { session.summary = constantsSummary(run.namesBound) }
        }
        if cell.kind == .validate { try writeReport(failure: nil) }
        let done = record(of: cell, plan, status: .done, failure: nil, since: globalsBefore)
        note(done, cell)
        try store.save(done)
    }

    /// The cell's result as the store keeps it.
    func record(of cell: Cell, _ plan: Plan, status: CellRecord.Status, failure: String?,
                        since before: [String: Value]) -> CellRecord {
        var record = CellRecord(lesson: lesson.path, index: cell.index, kind: cell.kind.rawValue, name: cell.name, key: plan.key,
                                inputs: plan.inputs, status: status, failure: failure,
                                summary: failure ?? (session.summary.isEmpty ? "done" : session.summary),
                                finished: OutputFiles.isoDate(), fit: session.fitOutcome?.record)
        if cell.kind == .validate {
            var bound: [String: String] = [:], numbers: [String: Double] = [:]
            for (name, value) in interpreter.globals where before[name] != value {
                bound[name] = CellKey.representation(value)
                switch value {
                case .int(let i): numbers[name] = Double(i)
                case .double(let d) where d.isFinite: numbers[name] = d
                default: break
                }
            }
            record.bound = bound
            record.numbers = numbers
            record.forecasts = session.forecastPaths
            record.forecastHashes = session.forecastHashes
        }
        return record
    }

    /// The values a constants cell bound, as the report lists them (functions left out).
    func rememberConstants(_ names: [String]) {
        for name in names {
            guard let value = interpreter.globals[name] else { continue }
            if case .function = value { continue }
            constants.removeAll { $0.name == name }
            constants.append((name, ValueFormatter.representation(value)))
        }
    }

    /// report.md after a validate cell: what it forecast, and the expectation that
    /// failed when one did.
    func writeReport(failure: String?) throws {
        guard session.forecast != nil || failure != nil else { return }
        let path = session.outputPath(ReportFile.fileName)
        try store.write(ReportFile.text(lesson: lesson, constants: constants, overrides: options.overrides,
                                              fit: session.fit, loaded: session.loadedCheckpoint, forecast: session.forecast,
                                              failure: failure, outputs: session.outputs, folder: store.folder),
                        to: ReportFile.fileName)
        session.outputs.append(path)
        reporter.report("report: wrote \(path)")
    }

    /// `3 constants: N_HIDDEN, EPOCH_NM, T`.
    func constantsSummary(_ bound: [String]) -> String {
        let names = bound.filter { !$0.isEmpty }
        return names.isEmpty ? "no constants" : "\(names.count) constants: " + names.prefix(6).joined(separator: ", ")
            + (names.count > 6 ? ", ..." : "")
    }
}
