import LessonLanguage
import LSTMCore
import Foundation

/// Runs a lesson's cells in order, keeping each cell's result in the lesson's result
/// store and reusing fresh results (docs/store.md).
///
/// Every run replays the cells up to the last one asked for, in order, because each
/// cell starts from what the ones before it left (globals, the generator, the model,
/// the data). Cheap cells (setup, constants, model, data) are deterministic from their
/// key, so a fresh one is simply evaluated again without a word; a fresh fit is not
/// retrained: its final weights, history and generator state are loaded from disk; a
/// validate cell runs again on forecasts read back from the store, redrawing its plots.
/// Stale cells that were not asked for run first, each announced with its reason.
public final class LessonRunner {
    public private(set) var options: RunOptions {
        didSet { preparedCache = nil }
    }
    /// The checked lesson for `options` and the file as it was (modification date and
    /// size): `lesson list` asks for it four times.
    private var preparedCache: (prepared: Prepared, file: FileStamp)?

    /// When a file was last changed and how big it is; nil fields when it cannot be read.
    private struct FileStamp: Equatable {
        var modified: Date?
        var size: Int?

        init(_ path: String) {
            let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
            modified = attributes[.modificationDate] as? Date
            size = (attributes[.size] as? NSNumber)?.intValue
        }
    }
    /// The ledger entry of the last `run()`, when it fitted or validated.
    private(set) var lastEntry: LedgerEntry?
    let observer: RunObserver
    let interrupt: Interrupt
    /// Whether the charts cells write reach the observer; a sweep shows only its summary charts.
    var showsCellCharts = true

    public init(options: RunOptions, observer: RunObserver, interrupt: Interrupt = Interrupt()) {
        self.options = options
        self.observer = observer
        self.interrupt = interrupt
    }

    /// Parses and checks every cell (vocabulary, types, values, order) without running
    /// anything. Returns the lesson.
    @discardableResult
    public func check() throws -> Lesson { try prepare().lesson }

    /// Runs the selected cells (and the stale cells they depend on).
    public func run() throws {
        var prepared = try prepare()
        if options.resume && options.overrides.isEmpty && options.threads == nil,
           let adopted = try adoptInterruptedSettings(prepared) {
            observer.report(adopted)
            prepared = try prepare()
        }
        let targets = try selectedIndices(prepared.lesson)
        guard !targets.isEmpty else {
            observer.report("\(prepared.lesson.path) has no cells to run")
            return
        }
        _ = try walk(prepared, targets: targets, planOnly: false)
    }

    /// Each cell's state for `lesson list`: fresh, stale (with the reason) or never run,
    /// and its last result. Evaluates the cheap cells in memory; trains nothing.
    public func cellStates() throws -> [CellState] {
        let prepared = try prepare()
        return try walk(prepared, targets: Set(prepared.lesson.cells.map(\.index)), planOnly: true)
    }

    /// The ledger of the lesson's runs (`lesson runs`), oldest first.
    public func ledger() throws -> ResultTable {
        let store = try prepare().makeStore()
        try store.open(writing: false)
        let table = ResultTable.runs(RunLedger.entries(in: store))
        for warning in store.takeWarnings() { observer.warning(warning) }
        return table
    }

    /// What the store holds (`lesson list`).
    public func storeUsage() throws -> StoreUsage {
        let store = try prepare().makeStore()
        try store.open(writing: false)
        return StoreUsage.measure(store)
    }

    /// `lesson compare`: the kept runs of the lesson side by side, from the store alone;
    /// writes `compare/compare.md`, `compare.png` and `losses.png` and shows the charts.
    public func compare(conditions: [String], all: Bool) throws -> (table: ResultTable, files: [String]) {
        let prepared = try prepare()
        let store = prepared.makeStore()
        try store.open(writing: false)
        let query = try ComparisonQuery(conditions: conditions, all: all)
        let entries = query.select(RunLedger.entries(in: store), lesson: prepared.lesson)
        for warning in store.takeWarnings() { observer.warning(warning) }
        guard !entries.isEmpty else { return (ResultTable(header: [], rows: []), []) }
        let settings = ComparisonQuery.settings(of: entries)
        let runs = zip(entries, settings.values).map { entry, values in
            Comparison.Run(label: values.isEmpty ? ResultTable.settings(entry.overrides)
                                                 : zip(settings.names, values).map { "\($0)=\($1)" }.joined(separator: ", "),
                           settings: values, entry: entry, failure: nil)
        }
        var comparison = Comparison(lesson: prepared.lesson, store: store, settingNames: settings.names, runs: runs)
        comparison.command = ShareableCommand.text(["compare", prepared.variation.lessonPath]
                                                   + conditions.flatMap { ["--where", $0] } + (all ? ["--all"] : []))
        let folder = store.path("compare")
        let charts = try comparison.write(to: "compare", name: "compare", heading: "Runs of \(prepared.lesson.title)")
        for (path, chart) in charts { observer.plotWritten(path: path, chart: chart) }
        return (comparison.table, [folder + "/compare.md"] + charts.map(\.path))
    }

    /// `lesson clean`: removes what the newest `keep` runs do not use (everything when
    /// nil); returns what was removed, in words.
    public func clean(keep: Int?) throws -> String {
        let store = try prepare().makeStore()
        let removed = try StoreCleaner(store: store).clean(keep: keep)
        for warning in store.takeWarnings() { observer.warning(warning) }
        guard store.rootForReading() != nil || removed != StoreCleaner.Removed() else { return "nothing is kept in \(store.folder)" }
        let what = "\(removed.runs) run\(removed.runs == 1 ? "" : "s"), \(removed.fits) fit folder\(removed.fits == 1 ? "" : "s"), "
            + "\(removed.records) cell result\(removed.records == 1 ? "" : "s") and \(removed.forecasts) forecast"
            + (removed.forecasts == 1 ? "" : "s")
        var lines = ["removed \(what) from \(store.folder), freeing \(StoreUsage.format(bytes: removed.bytes))"]
        for fit in removed.training { lines.append("left \(fit): it is training; clean again when it ends") }
        if !removed.left.isEmpty {
            let shown = removed.left.prefix(5).map(store.path).joined(separator: ", ") + (removed.left.count > 5 ? ", ..." : "")
            lines.append("left \(removed.left.count) file\(removed.left.count == 1 ? "" : "s") lesson did not write: \(shown)")
        }
        return lines.joined(separator: "\n")
    }

    /// By cell index, the values `--set` replaces in that cell (as checking computes
    /// them: `unknown` where only a run knows the lesson's value), for `lesson step`.
    public func overrideReplacements() throws -> [Int: [OverrideReplacement]] { try prepare().replacements }

    /// The folder outputs of this lesson go to (after checking it).
    public func resultDirectory() throws -> String { try prepare().resultDirectory }

    /// `--resume` alone continues the newest interrupted fit with the overrides and
    /// threads it was started with: takes them into `options` and says so (nil when the
    /// newest one had none, or there is none).
    private func adoptInterruptedSettings(_ prepared: Prepared) throws -> String? {
        let store = prepared.makeStore()
        try store.open(writing: false)
        guard let newest = FitFolder.all(in: store).first(where: { store.record(key: $0.started.key)?.status != .done }) else {
            return nil
        }
        let started = newest.started
        guard !started.overrides.isEmpty || started.threadsFromCommandLine else { return nil }
        options.overrides = started.overrides
        if started.threadsFromCommandLine { options.threads = started.threads }
        let flags = started.overrides.map { "--set " + shellQuoted($0) } + (started.threadsFromCommandLine ? ["--threads \(started.threads)"] : [])
        return "resume: the interrupted fit (\(store.path(newest.folder.relative)), after epoch "
            + "\(newest.folder.resumableEpoch(in: store) ?? 0)) was started with \(flags.joined(separator: " ")); continuing with them"
    }

    // MARK: - Preparing

    /// A checked lesson, its overrides, how they make the run differ from the lesson as
    /// written, and its result folder.
    struct Prepared {
        var lesson: Lesson
        var overrides: [String: Value]
        var variation: RunVariation
        var resultDirectory: String
        /// By cell index, the values the overrides replace, as checking computed them.
        var replacements: [Int: [OverrideReplacement]] = [:]
        /// Whether `--result-dir` named the result folder.
        var resultDirectoryGiven = false

        /// The result store, not opened yet.
        func makeStore() -> ResultStore {
            ResultStore(folder: resultDirectory, fromCommandLine: resultDirectoryGiven,
                        lessonFolder: (lesson.path as NSString).deletingLastPathComponent.isEmpty ? "."
                            : (lesson.path as NSString).deletingLastPathComponent)
        }
    }

    /// The checked lesson and its result folder.
    func preparedLesson() throws -> Prepared { try prepare() }

    private func prepare() throws -> Prepared {
        let file = FileStamp(options.lessonPath)
        if let preparedCache, preparedCache.file == file, file.modified != nil { return preparedCache.prepared }
        do {
            let prepared = try prepareAnew()
            preparedCache = (prepared, file)
            return prepared
        } catch let error as LessonError {
            throw withoutMootAdvice(error)
        }
    }

    /// A refusal of a name advises `--result-dir` for results elsewhere; when the flag
    /// was given already, that advice is moot and left out.
    func withoutMootAdvice(_ error: LessonError) -> LessonError {
        guard options.resultDirectory != nil else { return error }
        var error = error
        error.message = error.message.replacingOccurrences(of: "; " + ArgumentType.elsewhere, with: "")
            .replacingOccurrences(of: " (" + ArgumentType.elsewhere + ")", with: "")
        return error
    }

    private func prepareAnew() throws -> Prepared {
        let lesson = try LessonFile.load(options.lessonPath)
        var overrides: [String: Value] = [:]
        for text in options.overrides {
            let parsed = try Override.parse(text)
            overrides[parsed.name] = parsed.value
        }
        let checked = try LessonChecker.check(lesson, overrides: overrides, options: options)
        do {
            let folder = try LessonPaths.resultFolder(slug: lesson.slug, options: options, resultDir: checked.globals["result_dir"])
            return Prepared(lesson: lesson, overrides: overrides, variation: try RunVariation(checked: checked, options: options),
                            resultDirectory: folder, replacements: checked.replacements,
                            resultDirectoryGiven: options.resultDirectory != nil)
        } catch let refusal as PathRefusal {
            // The checker refuses a result_dir at its line first; this is for one it could not see.
            throw LessonError(refusal.message, file: lesson.path, line: 0, column: 0)
        }
    }

    private func selectedIndices(_ lesson: Lesson) throws -> Set<Int> {
        let cells = lesson.cells
        switch options.selection {
        case .all: return Set(cells.map(\.index))
        case .only(let address): return [try lesson.cell(address).index]
        case .from(let address):
            let start = try lesson.cell(address).index
            return Set(cells.map(\.index).filter { $0 >= start })
        }
    }

    // MARK: - Walking the cells

    /// Replays the cells up to the last target: for `lesson list` (`planOnly`) only their
    /// states, else running each as `CellWalk.run` decides.
    private func walk(_ prepared: Prepared, targets: Set<Int>, planOnly: Bool) throws -> [CellState] {
        if let threads = options.threads { BLAS.setThreads(threads) }
        let walk = CellWalk(prepared: prepared, options: options, observer: planOnly ? SilentObserver() : observer,
                            interrupt: interrupt, showsCharts: showsCellCharts)
        // What the store found damaged (and moved aside) is said to the user, in `list` too.
        func warn() { for warning in walk.store.takeWarnings() { observer.warning(warning) } }
        try walk.store.open(writing: !planOnly)
        warn()
        var states: [CellState] = []
        let last = targets.max() ?? 0
        let started = Date()
        do {
            for cell in prepared.lesson.cells where cell.index <= last {
                let plan = try walk.plan(cell)
                warn()
                if planOnly {
                    states.append(walk.listState(of: cell, plan))
                } else {
                    try walk.run(cell, plan, selected: targets.contains(cell.index))
                    warn()
                }
            }
        } catch {
            warn()
            if !planOnly { try record(walk, started: started, error: error) }
            throw (error as? LessonError).map(withoutMootAdvice) ?? error
        }
        if !planOnly { try record(walk, started: started, error: nil) }
        return states
    }

    /// The run's ledger entry, when it fitted or validated.
    private func record(_ walk: CellWalk, started: Date, error: Error?) throws {
        let status: String
        switch error {
        case nil: status = "done"
        case is RunInterrupted: status = "interrupted"
        default: status = "failed"
        }
        let failure = error.map { ($0 as? LessonError)?.headline ?? "\($0)" }
        guard let entry = walk.ledgerEntry(started: started, status: status, failure: failure) else { return }
        lastEntry = entry
        try RunLedger.record(entry, in: walk.store)
    }
}
