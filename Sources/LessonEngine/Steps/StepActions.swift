import LessonLanguage
import LSTMCore
import Foundation

/// The step actions of a run: each checked call of a cell (the vocabulary in
/// Vocabulary.swift beside this file) becomes work on the run's session. The calls of
/// each step kind are in Step+<Kind>.swift, also beside it.
final class StepActions: StepPerformer {
    let session: RunSession

    init(session: RunSession) {
        self.session = session
    }

    /// Ctrl-C stops a cell before its next step call (a fit and a forecast also look
    /// at the flag while they work).
    func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
        if session.interrupt.isRequested { throw CellInterrupted(call, lesson: session.lesson.path) }
        // By the cell's kind; each kind's file then switches on the call's name.
        switch call.step {
        case .setup: return try setup(call)
        case .model: return try model(call)
        case .data: return try data(call, interpreter: interpreter)
        case .fit: return try fit(call)
        case .validate: return try validate(call, interpreter: interpreter)
        case .constants: throw call.error("\(call.name)(...) has no step action in a constants cell")
        }
    }

    private func setup(_ call: StepCall) throws -> [String: Value] {
        guard let value = call["value"] else { return [:] }
        do {
            try applySetting(call.name, value, from: nil)
        } catch let problem as SettingProblem {
            throw call.error(problem.message)
        }
        return [:]
    }

    /// What is wrong with a checkpoint, without its path (the message names it once).
    static func problem(of error: Error) -> String { (error as? CheckpointError)?.problem ?? "\(error)" }

    /// A setup setting's value is out of range.
    struct SettingProblem: Error {
        var message: String
    }

    /// Sets `seed`, `threads` or `result_dir`, from a setup cell or (`source`) `--set`
    /// where no setup cell binds the name.
    func applySetting(_ name: String, _ value: Value, from source: String?) throws {
        let origin = source.map { " (from \($0))" } ?? ""
        // The interpreter and `--set` check values against the vocabulary first; this
        // message, from the same table, is for a value that slipped past them.
        func fail() -> Error {
            let message = "\(name) must be " + (Vocabulary.setupSettings[name]?.phrase ?? "known")
            return source == nil ? SettingProblem(message: message)
                : LessonError("\(source ?? "") \(name): \(message)", file: "command line", line: 0, column: 0, kind: .usage)
        }
        switch name {
        case "seed":
            guard let seed = value.wholeNumber, let word = UInt32(exactly: seed) else { throw fail() }
            session.seed = seed
            session.numpy = NumpyRandom(seed: word)
            session.initializer = InitializerRandom(seed: UInt64(word))
            session.modelsBuilt = 0
            session.summary = "seed \(seed)"
            session.reporter.report("setup: seed \(seed)\(origin) for rand(), shuffle() and the weight initialisers")
        case "threads":
            guard let threads = value.wholeNumber, threads >= 1 else { throw fail() }
            if session.options.threads == nil { BLAS.setThreads(threads) }
            session.summary += (session.summary.isEmpty ? "" : ", ") + "threads \(session.options.threads ?? threads)"
            session.reporter.report("setup: \(BLAS.threads) thread\(BLAS.threads == 1 ? "" : "s")"
                                    + (session.options.threads == nil ? origin : " (from --threads)"))
        case "result_dir":
            // The store was opened in the folder this names (`LessonPaths.resultFolder`), or in --result-dir.
            guard let folder = value.string, !folder.isEmpty else { throw fail() }
            let store = session.store.folder
            session.summary += (session.summary.isEmpty ? "" : ", ") + "results in \(store)"
            session.reporter.report("setup: results go to \(store)"
                                    + (session.options.resultDirectory == nil ? "" : " (from --result-dir, instead of \(folder))"))
        default:
            break
        }
    }
}
