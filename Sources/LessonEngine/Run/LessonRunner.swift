import Foundation
import LSTMCore
import Plot

/// Runs a lesson's cells in order, keeping each cell's result under the result folder
/// and reusing fresh results (DESIGN.md, "Runs, state and re-running one cell").
///
/// Every run replays the cells up to the last one asked for, in order, because each
/// cell starts from what the ones before it left (globals, the generator, the model,
/// the data). Cheap cells (setup, constants, model, data) are deterministic from their
/// key, so a fresh one is simply evaluated again without a word; a fresh fit is not
/// retrained: its final weights, history and generator state are loaded from disk.
/// Stale cells that were not asked for run first, each announced with its reason.
public final class LessonRunner {
    public let options: RunOptions
    let observer: RunObserver
    let interrupt: Interrupt

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
        let prepared = try prepare()
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

    /// The folder outputs of this lesson go to (after checking it).
    public func resultDirectory() throws -> String { try prepare().resultDirectory }

    // MARK: - Preparing

    struct Prepared {
        var lesson: Lesson
        var overrides: [String: Value]
        var resultDirectory: String
    }

    private func prepare() throws -> Prepared {
        let lesson = try LessonFile.load(options.lessonPath)
        var overrides: [String: Value] = [:]
        for text in options.overrides {
            let parsed = try Override.parse(text)
            overrides[parsed.name] = parsed.value
        }
        let globals = try LessonChecker.check(lesson, overrides: overrides)
        var folder = options.resultRoot.isEmpty ? lesson.slug : OutputFiles.join(options.resultRoot, lesson.slug)
        if case .string(let chosen)? = globals["result_dir"], !chosen.isEmpty { folder = chosen }
        return Prepared(lesson: lesson, overrides: overrides, resultDirectory: folder)
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

    private func walk(_ prepared: Prepared, targets: Set<Int>, planOnly: Bool) throws -> [CellState] {
        let lesson = prepared.lesson
        let folder = prepared.resultDirectory
        var (state, problem) = RunState.load(from: folder, lesson: lesson.path)
        let reporter = Reporter(observer: planOnly ? SilentObserver() : observer)
        if let problem { reporter.report("note: " + problem) }
        if let threads = options.threads { BLAS.setThreads(threads) }
        let session = RunSession(lesson: lesson, options: options, reporter: reporter, interrupt: interrupt,
                                 resultDirectory: folder)
        let actions = StepActions(session: session)
        let interpreter = Interpreter(random: { [session] in session.numpy.randomSample() },
                                      output: { [reporter] line in reporter.printed(line) })
        interpreter.overrides = prepared.overrides
        var latestKeys: [StepKind: String] = [:]
        var staleKinds: Set<StepKind> = []
        var constants: [(name: String, value: String)] = []
        var states: [CellState] = []
        let cells = lesson.cells
        let last = targets.max() ?? 0
        for cell in cells where cell.index <= last {
            let inputs = try CellKey.inputs(for: cell, interpreter: interpreter, session: session,
                                            latestKeys: latestKeys, overrides: prepared.overrides)
            let key = CellKey.key(inputs)
            latestKeys[cell.kind] = key
            let record = state[cell.index]
            var stale = CellKey.staleness(of: record, key: key, inputs: inputs)
            if stale == nil, cell.kind == .fit, let record { stale = fitProblem(record) }
            // Same key but an upstream result that must be made again (an interrupted fit,
            // missing files): what this cell kept came from the old one.
            if stale == nil, let upstream = CellKey.upstreamKinds(of: cell.kind).first(where: { staleKinds.contains($0) }) {
                stale = "\(upstream.rawValue) must run again"
            }
            if stale != nil { staleKinds.insert(cell.kind) } else { staleKinds.remove(cell.kind) }
            let selected = targets.contains(cell.index)

            if planOnly {
                states.append(CellState(index: cell.index, kind: cell.kind, name: cell.name, line: cell.fenceLine,
                                        status: record == nil ? .neverRun : stale.map { .stale($0) } ?? .fresh,
                                        lastResult: record?.summary))
                switch cell.kind {
                case .fit:
                    if stale == nil, let fit = record?.fit, let words = try? NumpyRandomState(words: fit.generatorAfter) {
                        session.numpy = NumpyRandom(state: words)
                        session.fit = fit
                    }
                case .validate:
                    break
                case .setup, .constants, .model, .data:
                    session.startCell(cell, key: key)
                    reporter.muted = true
                    // A cell that fails here is reported as it is by `lesson run`; the list only needs its state.
                    _ = try? interpreter.run(cell, performer: actions)
                }
                continue
            }

            if interrupt.isRequested { throw RunInterrupted(lesson: lesson.path, epoch: 0, kept: nil, beforeCell: cell.index) }
            session.startCell(cell, key: key)
            session.resumeFrom = nil
            if cell.kind == .fit {
                if stale == nil, !options.force, let record, let fit = record.fit {
                    do {
                        try actions.loadFit(fit)
                        observer.cellSkipped(cell, position: cell.index, total: cells.count,
                                             why: "fresh: \(record.summary); loaded from \(folder), not retrained")
                        continue
                    } catch {
                        stale = "its kept results cannot be read (\(error))"
                        staleKinds.insert(.fit)
                    }
                }
                if options.resume {
                    session.resumeFrom = try resumePath(cell, record: record, key: key, stale: stale, lesson: lesson)
                }
            }
            let announce = selected || stale != nil || cell.kind == .fit
            reporter.muted = !announce
            if announce {
                let showReason = !selected || (cell.kind == .fit && record != nil) || options.force
                let reason = options.force && stale == nil ? "forced" : stale
                observer.cellWillRun(cell, position: cell.index, total: cells.count,
                                     reason: showReason ? reason.map { $0 == "forced" ? $0 : "stale: " + $0 } : nil)
            }
            let run: CellRun
            do {
                run = try interpreter.run(cell, performer: actions)
            } catch let interrupted as RunInterrupted {
                if let outcome = session.fitOutcome {
                    state[cell.index] = CellRecord(kind: cell.kind.rawValue, key: key, inputs: inputs,
                                                   summary: "interrupted after epoch \(outcome.record.history.last?.epoch ?? 0)",
                                                   finished: OutputFiles.isoDate(), complete: false,
                                                   outputs: session.outputs, fit: outcome.record)
                    try state.save(to: folder)
                }
                throw interrupted
            }
            if cell.kind == .constants {
                for name in run.namesBound {
                    guard let value = interpreter.globals[name] else { continue }
                    if case .function = value { continue }
                    constants.removeAll { $0.name == name }
                    constants.append((name, ValueFormatter.representation(value)))
                }
            }
            if cell.kind == .validate, let forecast = session.forecast {
                let path = session.outputPath(ReportFile.fileName)
                try OutputFiles.write(ReportFile.text(lesson: lesson, constants: constants, overrides: options.overrides,
                                                      fit: session.fit, loaded: session.loadedCheckpoint,
                                                      forecast: forecast, outputs: session.outputs, folder: folder), to: path)
                session.outputs.append(path)
                reporter.report("report: wrote \(path)")
            }
            guard announce else { continue }
            state[cell.index] = CellRecord(kind: cell.kind.rawValue, key: key, inputs: inputs,
                                           summary: session.summary.isEmpty ? defaultSummary(cell, run) : session.summary,
                                           finished: OutputFiles.isoDate(), complete: true, outputs: session.outputs,
                                           fit: session.fitOutcome?.record)
            try state.save(to: folder)
        }
        return states
    }

    /// Why a fit whose key is unchanged still cannot be loaded: interrupted, or its files are gone.
    private func fitProblem(_ record: CellRecord) -> String? {
        guard let fit = record.fit else { return "no fit result was kept" }
        if !record.complete { return "interrupted after epoch \(fit.history.last?.epoch ?? 0)" }
        if !OutputFiles.exists(fit.lastPath) { return "its kept weights are missing (\(fit.lastPath))" }
        if let best = fit.best, !OutputFiles.exists(best.path) { return "its best checkpoint is missing (\(best.path))" }
        return nil
    }

    /// `last.safetensors` of the interrupted fit `--resume` continues, or a usage error
    /// saying why there is nothing to resume.
    private func resumePath(_ cell: Cell, record: CellRecord?, key: String, stale: String?, lesson: Lesson) throws -> String {
        func failure(_ message: String) -> LessonError {
            LessonError("--resume: \(message)", file: lesson.path, line: cell.fenceLine, column: 0, step: .fit,
                        sourceLine: lesson.sourceLine(cell.fenceLine), kind: .usage)
        }
        guard let record, let fit = record.fit else { throw failure("this fit never ran, so there is nothing to resume; run without --resume") }
        guard !record.complete else {
            throw failure("this fit was not interrupted (\(record.summary)); run without --resume"
                          + (stale == nil ? " (--force trains again)" : ""))
        }
        guard record.key == key else {
            let why = CellKey.staleness(of: record, key: key, inputs: record.inputs) ?? stale ?? "its inputs changed"
            throw failure("the fit changed since it was interrupted (\(why)); run without --resume to train from the start")
        }
        guard OutputFiles.exists(fit.lastPath) else { throw failure("\(fit.lastPath) is missing; run without --resume") }
        return fit.lastPath
    }

    private func defaultSummary(_ cell: Cell, _ run: CellRun) -> String {
        let names = run.namesBound.filter { !$0.isEmpty }
        switch cell.kind {
        case .constants: return names.isEmpty ? "no constants" : "\(names.count) constants: " + names.prefix(6).joined(separator: ", ")
            + (names.count > 6 ? ", ..." : "")
        default: return "done"
        }
    }
}

/// A cell as `lesson list` shows it.
public struct CellState: Equatable, Sendable {
    public enum Status: Equatable, Sendable {
        case fresh
        case stale(String)
        case neverRun
    }

    public var index: Int
    public var kind: StepKind
    public var name: String?
    /// File line of the cell's opening fence.
    public var line: Int
    public var status: Status
    /// The kept one-line summary of its last run.
    public var lastResult: String?
}

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
