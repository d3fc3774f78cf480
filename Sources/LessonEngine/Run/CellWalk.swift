import Foundation
import LessonLanguage
import LSTMCore

/// One pass over a lesson's cells, in order: what each cell's key is and whether the
/// store holds a fresh result for it (`plan`), then either its state for `lesson list`
/// (`listState`) or running it (`run`). Carries from cell to cell the interpreter's
/// globals, the session (generator, model, data, fit), the latest key of each step
/// kind, which kinds are stale, and the constants for the report.
final class CellWalk {
    /// A cell's key, the inputs it was made from, what the store holds for it, and why
    /// that cannot be reused (nil when it is fresh).
    struct Plan {
        var key: String
        var inputs: CellInputs
        /// This key's kept result, done or failed.
        var record: CellRecord?
        /// The cell's newest kept result under any key (for `lesson list`'s last result).
        var previous: CellRecord?
        /// A fit with this key that started and never finished (interrupted or killed);
        /// `started` is nil when its `fit.json` was unreadable and the fit was recognised
        /// by its `last.safetensors` instead.
        var interrupted: (folder: FitFolder, started: FitFolder.Started?)?
        var stale: String?
    }

    private let lesson: Lesson
    private let overrides: [String: Value]
    private let options: RunOptions
    private let observer: RunObserver
    private let interrupt: Interrupt
    private let reporter: Reporter
    private let session: RunSession
    private let actions: StepActions
    private let interpreter: Interpreter
    let store: ResultStore
    private var latestKeys: [StepKind: String] = [:]
    private var staleKinds: Set<StepKind> = []
    private var constants: [(name: String, value: String)] = []
    /// For `lesson list`: how names bound by kept validate cells show in later keys.
    private var representations: [String: String] = [:]
    /// `--set seed=...`/`threads=...` that no setup cell binds, applied before the first other cell.
    private var setupOverridesPending: [String: Value]
    /// What the run's fit and validate cells did, for its ledger entry.
    private var fitEntries: [LedgerEntry.FitEntry] = []
    private var validateEntries: [LedgerEntry.ValidateEntry] = []
    private var walkedKeys: [String] = []

    /// `showsCharts` false keeps the charts the cells write from the observer (a sweep's combinations).
    init(prepared: LessonRunner.Prepared, options: RunOptions, observer: RunObserver, interrupt: Interrupt,
         showsCharts: Bool = true) {
        lesson = prepared.lesson
        overrides = prepared.overrides
        self.options = options
        self.observer = observer
        self.interrupt = interrupt
        store = prepared.makeStore()
        reporter = Reporter(observer: observer, showsCharts: showsCharts)
        session = RunSession(lesson: lesson, options: options, reporter: reporter, interrupt: interrupt, store: store,
                             variation: prepared.variation)
        actions = StepActions(session: session)
        interpreter = Interpreter(calls: Vocabulary.table, random: { [session] in session.numpy.randomSample() },
                                  output: { [reporter] line in reporter.printed(line) })
        interpreter.overrides = overrides
        if options.resultDirectory != nil { interpreter.replacedSettings = ["result_dir"] }
        let boundBySetup = Set(lesson.cells.filter { $0.kind == .setup }.flatMap { cell in
            (try? CanonicalCell.statements(of: cell))?.compactMap { statement -> String? in
                if case .assignment(let name, _, _) = statement { return name }
                return nil
            } ?? []
        })
        setupOverridesPending = overrides.filter { CellWalk.settableSetup.contains($0.key) && !boundBySetup.contains($0.key) }
    }

    /// Setup settings `--set` can give where no setup cell binds them (`result_dir` moves
    /// the whole store, so it stays the lesson's).
    static let settableSetup: Set<String> = ["seed", "threads"]

    // MARK: - Planning

    /// The cell's key from its statements and what it reads, and whether the store holds
    /// a fresh result for it.
    func plan(_ cell: Cell) throws -> Plan {
        if cell.kind != .setup { try applySetupOverrides() }
        let inputs = try CellKey.inputs(for: cell, interpreter: interpreter, session: session, latestKeys: latestKeys,
                                        overrides: overrides, representations: representations)
        let key = CellKey.key(inputs)
        latestKeys[cell.kind] = key
        walkedKeys.append(key)
        let record = store.record(key: key)
        let previous = record ?? store.newestRecord(cell: cell.index, kind: cell.kind)
        var plan = Plan(key: key, inputs: inputs, record: record, previous: previous)
        if let record, record.status == .done {
            if cell.kind == .fit, let record = record.fit { plan.stale = fitProblem(record) }
        } else {
            if cell.kind == .fit { plan.interrupted = FitFolder.started(key: key, in: store) }
            if let record {
                plan.stale = "failed: " + (record.failure ?? record.summary)
            } else if let interrupted = plan.interrupted {
                // --resume continues from last.safetensors, written as each epoch ends.
                if let epoch = interrupted.folder.resumableEpoch(in: store), epoch > 0 {
                    plan.stale = "interrupted after epoch \(epoch); \(options.resumeCommand) continues it"
                } else if store.hasFile(interrupted.folder.relative + "/" + FitFolder.lastFileName) {
                    plan.stale = "interrupted, and its \(FitFolder.lastFileName) cannot be read (damaged), so it cannot be "
                        + "resumed; it trains from the start when run"
                } else {
                    plan.stale = "interrupted before its first epoch ended; it trains from the start when run"
                }
            } else if let previous {
                plan.stale = CellKey.changes(from: previous.inputs, to: inputs)
            } else {
                plan.stale = "never run"
            }
        }
        // Same key but an upstream result that must be made again (an interrupted fit,
        // missing files): what this cell kept came from the old one.
        if plan.stale == nil, let upstream = CellKey.upstreamKinds(of: cell.kind).first(where: { staleKinds.contains($0) }) {
            plan.stale = "\(upstream.rawValue) must run again"
        }
        if plan.stale != nil { staleKinds.insert(cell.kind) } else { staleKinds.remove(cell.kind) }
        return plan
    }

    /// Applies `--set seed=N` and `--set threads=N` where no setup cell binds them, as
    /// if the setup cell had.
    private func applySetupOverrides() throws {
        guard !setupOverridesPending.isEmpty else { return }
        defer { setupOverridesPending = [:] }
        reporter.muted = false
        for (name, value) in setupOverridesPending.sorted(by: { $0.key < $1.key }) {
            if case .failure(let problem) = Vocabulary.setupSettings[name]?.check(value) {
                throw LessonError("--set \(name): \(name) \(problem.message)", file: "command line", line: 0, column: 0, kind: .usage)
            }
            try actions.applySetting(name, value, from: "--set")
        }
    }

    // MARK: - Listing

    /// The cell's state for `lesson list`. Evaluates setup and constants cells (cheap),
    /// binds the names model and data cells assign without building weights or windows,
    /// and takes what a kept validate cell bound from its record: the keys of the cells
    /// after it come out as a run would make them, with nothing trained or computed.
    func listState(of cell: Cell, _ plan: Plan) -> CellState {
        session.startCell(cell, key: plan.key)
        reporter.muted = true
        switch cell.kind {
        case .setup, .constants:
            // A cell that fails here is reported as it is by `lesson run`; the list only needs its state.
            forget(try? interpreter.run(cell, performer: actions))
        case .model, .data:
            forget(try? interpreter.run(cell, performer: ListActions(actions: actions)))
        case .fit:
            // A fresh fit leaves the generator as its shuffles did; later keys start there.
            if plan.stale == nil, let fit = plan.record?.fit, let words = try? NumpyRandomState(words: fit.generatorAfter) {
                session.numpy = NumpyRandom(state: words)
                session.fit = fit
            }
        case .validate:
            if plan.stale == nil, let bound = plan.record?.bound {
                for (name, representation) in bound { representations[name] = representation }
            }
        }
        let status: CellState.Status
        if let stale = plan.stale {
            if let record = plan.record, record.status == .failed {
                status = .failed(record.failure ?? record.summary)
            } else {
                status = plan.previous == nil && plan.interrupted == nil ? .neverRun : .stale(stale)
            }
        } else {
            status = .fresh
        }
        return CellState(index: cell.index, kind: cell.kind, name: cell.name, line: cell.fenceLine,
                         status: status, lastResult: plan.previous?.summary, key: plan.key)
    }

    /// Names a listed cell bound no longer show as a kept cell's representations.
    private func forget(_ run: CellRun?) {
        for name in run?.namesBound ?? [] { representations[name] = nil }
    }

    // MARK: - Running

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

    // MARK: - The ledger

    private func noteFit(_ cell: Cell, _ key: String, _ fit: FitRecord, trained: Bool) {
        fitEntries.append(LedgerEntry.FitEntry(cell: cell.index, name: cell.name, key: key, folder: fit.folder, trained: trained,
                                               epochs: fit.history.count, bestEpoch: fit.best?.epoch, bestValue: fit.best?.value,
                                               monitor: fit.monitor))
    }

    private func note(_ record: CellRecord, _ cell: Cell) {
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

    /// The fit's folder: the interrupted one it continues (`--resume`, or a sweep run
    /// again), else its own new one; refuses `--resume` when there is nothing to continue.
    private func prepareFit(_ cell: Cell, _ plan: Plan) throws {
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
    private func started(_ cell: Cell, _ plan: Plan) -> FitFolder.Started {
        FitFolder.Started(key: plan.key, lesson: lesson.path, cell: cell.index, inputs: plan.inputs, overrides: options.overrides,
                          threads: BLAS.threads, threadsFromCommandLine: options.threads != nil, command: options.commandLine,
                          started: OutputFiles.isoDate())
    }

    /// Why `--resume` finds nothing to continue for this fit: it finished, or what changed
    /// since the newest interrupted run of it (`N_HIDDEN 16 → 300`), or it never ran.
    private func whyNothingToResume(_ cell: Cell, _ plan: Plan) -> String {
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

    private func resumeFailure(_ cell: Cell, _ message: String) -> LessonError {
        LessonError("--resume: \(message)", file: lesson.path, line: cell.fenceLine, column: 0, step: .fit,
                    sourceLine: lesson.sourceLine(cell.fenceLine), kind: .usage)
    }

    /// The cell's result as the store keeps it.
    private func record(of cell: Cell, _ plan: Plan, status: CellRecord.Status, failure: String?,
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
    private func rememberConstants(_ names: [String]) {
        for name in names {
            guard let value = interpreter.globals[name] else { continue }
            if case .function = value { continue }
            constants.removeAll { $0.name == name }
            constants.append((name, ValueFormatter.representation(value)))
        }
    }

    /// report.md after a validate cell: what it forecast, and the expectation that
    /// failed when one did.
    private func writeReport(failure: String?) throws {
        guard session.forecast != nil || failure != nil else { return }
        let path = session.outputPath(ReportFile.fileName)
        try store.write(ReportFile.text(lesson: lesson, constants: constants, overrides: options.overrides,
                                              fit: session.fit, loaded: session.loadedCheckpoint, forecast: session.forecast,
                                              failure: failure, outputs: session.outputs, folder: store.folder),
                        to: ReportFile.fileName)
        session.outputs.append(path)
        reporter.report("report: wrote \(path)")
    }

    /// Why a fit whose key is unchanged still cannot be loaded: its files are gone or
    /// damaged (a damaged one is moved to `store/damaged/`, with a warning, and the fit
    /// trains again). Reads the checkpoints' headers only, checked against their sizes.
    private func fitProblem(_ fit: FitRecord) -> String? {
        let files = [("kept weights", fit.lastPath)] + (fit.best.map { [("best checkpoint", $0.path)] } ?? [])
        for (what, relative) in files {
            guard store.hasFile(relative) else { return "its \(what) \(store.path(relative)) is missing" }
            do {
                _ = try SafeTensors.readHeader(try store.place(relative, create: false))
            } catch {
                let problem = (error as? CheckpointError)?.problem ?? "\(error)"
                store.moveAside(relative, because: "it is not a readable checkpoint (\(problem))", so: "its fit trains again")
                return "its \(what) \(store.path(relative)) is damaged (\(problem))"
            }
        }
        return nil
    }

    /// `3 constants: N_HIDDEN, EPOCH_NM, T`.
    private func constantsSummary(_ bound: [String]) -> String {
        let names = bound.filter { !$0.isEmpty }
        return names.isEmpty ? "no constants" : "\(names.count) constants: " + names.prefix(6).joined(separator: ", ")
            + (names.count > 6 ? ", ..." : "")
    }
}

/// The step actions as `lesson list` needs them, drawing from the generator exactly as
/// a run does but building no weights or windows: `series` only counts its values
/// (it makes them only when its function may call `rand()`, or reads its CSV),
/// `windows` only counts, `shuffle` draws the permutation and drops it, and `compile`
/// only moves the initializers' stream position.
private final class ListActions: StepPerformer {
    let actions: StepActions
    private var seriesCount: Int?
    private var windowCount: Int?

    init(actions: StepActions) {
        self.actions = actions
    }

    func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
        let session = actions.session
        switch call.name {
        case "compile": session.modelsBuilt += 1
        case "series":
            windowCount = nil
            if let function = call["function"], !ListActions.mayDraw(function, globals: interpreter.globals) {
                // Windows are cut after differencing, which drops the first `difference` values.
                seriesCount = call.integer("count").map { $0 - (call.integer("difference") ?? 0) }
            } else {
                _ = try actions.perform(call, in: interpreter)
                seriesCount = session.series.map { $0.count - $0.transform.lag }
            }
        case "windows":
            let horizon = call.integer("horizon") ?? 1
            if let count = seriesCount, let length = call.integer("length"), length >= 1, horizon >= 1, count >= length + horizon {
                windowCount = count - length - horizon + 1
            }
        case "shuffle":
            if let windowCount { _ = session.numpy.permutation(windowCount) }
        default: break
        }
        return [:]
    }

    /// Whether calling `function` may call `rand()`, directly or through the
    /// cell-defined functions it calls.
    static func mayDraw(_ function: Value, globals: [String: Value], followed: Set<String> = []) -> Bool {
        guard case .function(let f) = function, case .user(let user) = f.body else { return false }
        guard !followed.contains(f.name) else { return false }
        func draws(_ expression: Expression) -> Bool {
            switch expression {
            case .integer, .float, .string, .boolean, .name: return false
            case .unary(_, let operand, _): return draws(operand)
            case .binary(_, let left, let right, _): return draws(left) || draws(right)
            case .tuple(let items, _), .list(let items, _): return items.contains(where: draws)
            case .call(let name, let positional, let keywords, _):
                if name == "rand" { return true }
                if let called = globals[name], mayDraw(called, globals: globals, followed: followed.union([f.name])) { return true }
                return positional.contains(where: draws) || keywords.contains { draws($0.value) }
            }
        }
        return draws(user.body)
    }
}
