import Foundation
import LSTMCore

/// The step actions of a run: each checked call of a cell (DESIGN.md, "Step
/// vocabulary") becomes work on the run's session. The calls of each step kind are in
/// Step+<Kind>.swift.
final class StepActions: StepPerformer {
    let session: RunSession

    init(session: RunSession) {
        self.session = session
    }

    /// Ctrl-C stops a cell before its next step call (a fit and a forecast also look
    /// at the flag while they work).
    func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
        if session.interrupt.isRequested { throw CellInterrupted(call, lesson: session.lesson.path) }
        switch call.name {
        case "seed", "threads", "result_dir": return try setup(call)
        case "input", "lstm", "dense", "compile": return try model(call)
        case "series", "windows", "shuffle": return try data(call, interpreter: interpreter)
        case "fit": return try fit(call)
        case "load_model", "forecast", "plot": return try validate(call, interpreter: interpreter)
        default:
            throw call.error("\(call.name)(...) has no step action")
        }
    }

    private func setup(_ call: StepCall) throws -> [String: Value] {
        switch call.name {
        case "seed":
            guard let seed = call.integer("value"), let word = UInt32(exactly: seed) else {
                throw call.error("seed must be a whole number from 0 to 4294967295")
            }
            session.seed = seed
            session.numpy = NumpyRandom(seed: word)
            session.initializer = InitializerRandom(seed: UInt64(word))
            session.modelsBuilt = 0
            session.summary = "seed \(seed)"
            session.reporter.report("setup: seed \(seed) for rand(), shuffle() and the weight initialisers")
        case "threads":
            guard let threads = call.integer("value"), threads >= 1 else { throw call.error("threads must be at least 1") }
            if session.options.threads == nil { BLAS.setThreads(threads) }
            session.summary += (session.summary.isEmpty ? "" : ", ") + "threads \(session.options.threads ?? threads)"
            session.reporter.report("setup: \(BLAS.threads) thread\(BLAS.threads == 1 ? "" : "s")"
                                    + (session.options.threads == nil ? "" : " (from --threads)"))
        case "result_dir":
            guard let folder = call.string("value"), !folder.isEmpty else { throw call.error("result_dir must be a folder name") }
            session.resultDirectory = folder
            session.summary += (session.summary.isEmpty ? "" : ", ") + "results in \(folder)"
            session.reporter.report("setup: results go to \(folder)")
        default:
            break
        }
        return [:]
    }
}
