import LessonLanguage
import LSTMCore
import Foundation

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

    let lesson: Lesson
    let overrides: [String: Value]
    let options: RunOptions
    let observer: RunObserver
    let interrupt: Interrupt
    let reporter: Reporter
    let session: RunSession
    let actions: StepActions
    let interpreter: Interpreter
    let store: ResultStore
    var latestKeys: [StepKind: String] = [:]
    var staleKinds: Set<StepKind> = []
    var constants: [(name: String, value: String)] = []
    /// For `lesson list`: how names bound by kept validate cells show in later keys.
    var representations: [String: String] = [:]
    /// `--set seed=...`/`threads=...` that no setup cell binds, applied before the first other cell.
    var setupOverridesPending: [String: Value]
    /// What the run's fit and validate cells did, for its ledger entry.
    var fitEntries: [LedgerEntry.FitEntry] = []
    var validateEntries: [LedgerEntry.ValidateEntry] = []
    var walkedKeys: [String] = []

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
    func applySetupOverrides() throws {
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

    /// Why a fit whose key is unchanged still cannot be loaded: its files are gone or
    /// damaged (a damaged one is moved to `store/damaged/`, with a warning, and the fit
    /// trains again). Reads the checkpoints' headers only, checked against their sizes.
    func fitProblem(_ fit: FitRecord) -> String? {
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
}
