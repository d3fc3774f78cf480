import LessonLanguage
import LSTMCore
import Foundation

/// A fit's folder before it trains: the interrupted one it continues, or its own new one.
extension CellWalk {
    /// The fit's folder: the interrupted one it continues (`--resume`, or a sweep run
    /// again), else its own new one; refuses `--resume` when there is nothing to continue.
    func prepareFit(_ cell: Cell, _ plan: Plan) throws {
        let resuming = (options.resume || options.continueInterrupted) && !options.force
        if resuming, let interrupted = plan.interrupted {
            // A damaged last.safetensors is resumed from too: reading it says what is wrong (65).
            if store.hasFile(interrupted.folder.relative + "/" + FitFolder.lastFileName) {
                session.fitFolder = interrupted.folder
                session.fitStarted = interrupted.started ?? started(cell, plan)
                session.resumeFrom = FitFolder.lastFileName
                return
            }
            if options.resume { throw resumeFailure(cell, "it was interrupted before its first epoch ended; run without --resume") }
        } else if options.resume {
            throw resumeFailure(cell, whyNothingToResume(cell, plan))
        }
        let folder = plan.interrupted?.folder ?? FitFolder.make(key: plan.key, overrides: options.overrides, threads: options.threads,
                                                                  cell: cell, fitsInLesson: lesson.cells.filter { $0.kind == .fit }.count)
        session.fitFolder = folder
        session.fitStarted = started(cell, plan)
    }

    /// What `fit.json` records for this run of the fit (its key matches an interrupted
    /// run's, so these settings are that run's).
    func started(_ cell: Cell, _ plan: Plan) -> FitFolder.Started {
        FitFolder.Started(key: plan.key, lesson: lesson.path, cell: cell.index, inputs: plan.inputs, overrides: options.overrides,
                          threads: BLAS.threads, threadsFromCommandLine: options.threads != nil, command: options.commandLine,
                          started: OutputFiles.isoDate())
    }

    /// Why `--resume` finds nothing to continue for this fit: it finished, or what changed
    /// since the newest interrupted run of it (`N_HIDDEN 16 → 300`), or it never ran.
    func whyNothingToResume(_ cell: Cell, _ plan: Plan) -> String {
        if let record = plan.record, record.status == .done {
            return "this fit was not interrupted (\(record.summary)); run without --resume (--force trains again)"
        }
        let unfinished = FitFolder.all(in: store).first { entry in
            entry.started.cell == cell.index && store.record(key: entry.started.key)?.status != .done
        }
        if let unfinished {
            let changes = CellKey.changes(from: unfinished.started.inputs, to: plan.inputs)
            return "the fit changed since it was interrupted (\(changes)); run without --resume to train from the start"
        }
        return "this fit never ran, so there is nothing to resume; run without --resume"
    }

    func resumeFailure(_ cell: Cell, _ message: String) -> LessonError {
        LessonError("--resume: \(message)", file: lesson.path, line: cell.fenceLine, column: 0, step: .fit,
                    sourceLine: lesson.sourceLine(cell.fenceLine), kind: .usage)
    }
}
