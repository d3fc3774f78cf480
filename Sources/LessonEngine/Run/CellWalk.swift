import Foundation
import LSTMCore

/// One pass over a lesson's cells, in order: what each cell's key is and whether its
/// kept result is fresh (`plan`), then either its state for `lesson list`
/// (`listState`) or running it (`run`). Carries from cell to cell the interpreter's
/// globals, the session (generator, model, data, fit), the latest key of each step
/// kind, which kinds are stale, and the constants for the report.
final class CellWalk {
    /// A cell's key, the inputs it was made from, its kept record, and why that record
    /// cannot be reused (nil when it is fresh).
    struct Plan {
        var key: String
        var inputs: CellInputs
        var record: CellRecord?
        var stale: String?
    }

    private let lesson: Lesson
    private let folder: String
    private let overrides: [String: Value]
    private let options: RunOptions
    private let observer: RunObserver
    private let interrupt: Interrupt
    private let reporter: Reporter
    private let session: RunSession
    private let actions: StepActions
    private let interpreter: Interpreter
    private var state: RunState
    private var latestKeys: [StepKind: String] = [:]
    private var staleKinds: Set<StepKind> = []
    private var constants: [(name: String, value: String)] = []

    init(prepared: LessonRunner.Prepared, options: RunOptions, observer: RunObserver, interrupt: Interrupt) {
        lesson = prepared.lesson
        folder = prepared.resultDirectory
        overrides = prepared.overrides
        self.options = options
        self.observer = observer
        self.interrupt = interrupt
        let (state, problem) = RunState.load(from: folder, lesson: lesson.path)
        self.state = state
        reporter = Reporter(observer: observer)
        if let problem { reporter.report("note: " + problem) }
        session = RunSession(lesson: lesson, options: options, reporter: reporter, interrupt: interrupt,
                             resultDirectory: folder)
        actions = StepActions(session: session)
        interpreter = Interpreter(random: { [session] in session.numpy.randomSample() },
                                  output: { [reporter] line in reporter.printed(line) })
        interpreter.overrides = overrides
    }

    /// The cell's key from its text and what it reads, and whether its kept result is fresh.
    func plan(_ cell: Cell) throws -> Plan {
        let inputs = try CellKey.inputs(for: cell, interpreter: interpreter, session: session,
                                        latestKeys: latestKeys, overrides: overrides)
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
        return Plan(key: key, inputs: inputs, record: record, stale: stale)
    }

    /// The cell's state for `lesson list`. Evaluates the cheap cells in memory (so the
    /// cells after them get their keys), takes a fresh fit's generator and history from
    /// its record, and binds again what a fresh validate cell had bound; trains and
    /// forecasts nothing.
    func listState(of cell: Cell, _ plan: Plan) -> CellState {
        switch cell.kind {
        case .fit:
            if plan.stale == nil, let fit = plan.record?.fit, let words = try? NumpyRandomState(words: fit.generatorAfter) {
                session.numpy = NumpyRandom(state: words)
                session.fit = fit
            }
        case .validate:
            if plan.stale == nil, let bindings = plan.record?.bindings {
                for (name, value) in bindings { interpreter.bind(name, value.value) }
            }
        case .setup, .constants, .model, .data:
            session.startCell(cell, key: plan.key)
            reporter.muted = true
            // A cell that fails here is reported as it is by `lesson run`; the list only needs its state.
            _ = try? interpreter.run(cell, performer: actions)
        }
        return CellState(index: cell.index, kind: cell.kind, name: cell.name, line: cell.fenceLine,
                         status: plan.record == nil ? .neverRun : plan.stale.map { .stale($0) } ?? .fresh,
                         lastResult: plan.record?.summary)
    }

    /// Runs the cell, or loads a fresh fit's kept results instead of training again.
    /// Cells that were asked for, stale ones and fits are announced (with the reason
    /// when they were not asked for) and their results kept in state.json; a fresh
    /// cheap cell runs silently.
    func run(_ cell: Cell, _ plan: Plan, selected: Bool) throws {
        let total = lesson.cells.count
        var stale = plan.stale
        if interrupt.isRequested { throw RunInterrupted(lesson: lesson.path, epoch: 0, kept: nil, beforeCell: cell.index) }
        session.startCell(cell, key: plan.key)
        session.resumeFrom = nil
        if cell.kind == .fit {
            if stale == nil, !options.force, let record = plan.record, let fit = record.fit {
                do {
                    try actions.loadFit(fit)
                    observer.cellSkipped(cell, position: cell.index, total: total,
                                         why: "fresh: \(record.summary); loaded from \(folder), not retrained")
                    return
                } catch {
                    stale = "its kept results cannot be read (\(error))"
                    staleKinds.insert(.fit)
                }
            }
            if options.resume {
                session.resumeFrom = try resumePath(cell, record: plan.record, key: plan.key, stale: stale)
            }
        }
        let announce = selected || stale != nil || cell.kind == .fit
        reporter.muted = !announce
        if announce {
            let showReason = !selected || (cell.kind == .fit && plan.record != nil) || options.force
            let reason = options.force && stale == nil ? "forced" : stale
            observer.cellWillRun(cell, position: cell.index, total: total,
                                 reason: showReason ? reason.map { $0 == "forced" ? $0 : "stale: " + $0 } : nil)
        }
        let globalsBefore = interpreter.globals
        let run: CellRun
        do {
            run = try interpreter.run(cell, performer: actions)
        } catch let interrupted as RunInterrupted {
            if let outcome = session.fitOutcome {
                state[cell.index] = CellRecord(kind: cell.kind.rawValue, key: plan.key, inputs: plan.inputs,
                                               summary: "interrupted after epoch \(outcome.record.history.last?.epoch ?? 0)",
                                               finished: OutputFiles.isoDate(), complete: false,
                                               outputs: session.outputs, fit: outcome.record)
                try state.save(to: folder)
            }
            throw interrupted
        }
        if cell.kind == .constants { rememberConstants(run.namesBound) }
        if cell.kind == .validate, session.forecast != nil { try writeReport() }
        guard announce else { return }
        state[cell.index] = CellRecord(kind: cell.kind.rawValue, key: plan.key, inputs: plan.inputs,
                                       summary: session.summary.isEmpty ? defaultSummary(cell, run) : session.summary,
                                       finished: OutputFiles.isoDate(), complete: true, outputs: session.outputs,
                                       fit: session.fitOutcome?.record,
                                       bindings: cell.kind == .validate ? valuesBound(since: globalsBefore) : nil)
        try state.save(to: folder)
    }

    /// The plain globals (see `RecordedValue`) a cell bound or changed, compared with `before`.
    private func valuesBound(since before: [String: Value]) -> [String: RecordedValue] {
        var bound: [String: RecordedValue] = [:]
        for (name, value) in interpreter.globals where before[name] != value {
            if let recorded = RecordedValue(value) { bound[name] = recorded }
        }
        return bound
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

    /// report.md after a validate cell that forecast.
    private func writeReport() throws {
        guard let forecast = session.forecast else { return }
        let path = session.outputPath(ReportFile.fileName)
        try OutputFiles.write(ReportFile.text(lesson: lesson, constants: constants, overrides: options.overrides,
                                              fit: session.fit, loaded: session.loadedCheckpoint,
                                              forecast: forecast, outputs: session.outputs, folder: folder), to: path)
        session.outputs.append(path)
        reporter.report("report: wrote \(path)")
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
    private func resumePath(_ cell: Cell, record: CellRecord?, key: String, stale: String?) throws -> String {
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
