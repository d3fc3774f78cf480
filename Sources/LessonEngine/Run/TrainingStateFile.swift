import Foundation
import LSTMCore

/// `last.safetensors`, written after every epoch: the weights, the optimizer's slots
/// and iteration count, the callbacks' state (best, wait), the numpy generator's
/// state and the history so far. `--resume` restores all of it, so a resumed fit
/// ends exactly where an uninterrupted one would.
enum TrainingStateFile {
    static let fileName = "last.safetensors"

    struct Snapshot {
        var epoch: Int
        var iterations: Int
        var history: [EpochLog]
        var checkpoints: [CheckpointRecord]
        var checkpointBest: Double?
        var earlyStopping: (best: Double, wait: Int, bestEpoch: Int)?
        var generator: [Int]
        /// Key of the fit cell that wrote it: resuming another fit's state is refused.
        var cellKey: String
    }

    static func write(_ snapshot: Snapshot, model: Sequential, optimizer: RMSprop, to path: String) throws {
        var tensors = ModelWeights.tensors(of: model)
        tensors += optimizer.slots.map { NamedTensor(name: $0.name, shape: $0.shape, values: $0.value) }
        var metadata: [String: String] = [
            "format": ModelWeights.format,
            "architecture": try ModelWeights.architectureJSON(model.architecture),
            "epoch": String(snapshot.epoch),
            "iterations": String(snapshot.iterations),
            "history": try json(snapshot.history),
            "checkpoints": try json(snapshot.checkpoints),
            "generator": try json(snapshot.generator),
            "cell_key": snapshot.cellKey,
        ]
        if let best = snapshot.checkpointBest { metadata["model_checkpoint.best"] = String(best) }
        if let stopping = snapshot.earlyStopping {
            metadata["early_stopping.best"] = String(stopping.best)
            metadata["early_stopping.wait"] = String(stopping.wait)
            metadata["early_stopping.best_epoch"] = String(stopping.bestEpoch)
        }
        try SafeTensors.write(tensors, metadata: metadata, to: path)
    }

    /// Reads `path`, assigns weights and optimizer slots, and returns the rest.
    static func restore(from path: String, model: Sequential, optimizer: RMSprop) throws -> Snapshot {
        let contents = try SafeTensors.read(path)
        try ModelWeights.assign(contents, from: path, to: model)
        for slot in optimizer.slots {
            guard let tensor = contents[slot.name], tensor.shape == slot.shape else {
                throw CheckpointError(path: path, problem: "has no optimizer state '\(slot.name)' of shape \(slot.shape)")
            }
            try slot.assign(tensor.values)
        }
        let m = contents.metadata
        func field<T>(_ name: String, _ parse: (String) -> T?) throws -> T {
            guard let text = m[name], let value = parse(text) else {
                throw CheckpointError(path: path, problem: "its metadata has no valid '\(name)'")
            }
            return value
        }
        func decoded<T: Decodable>(_ name: String, _ type: T.Type) throws -> T {
            try field(name) { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
        }
        var snapshot = Snapshot(
            epoch: try field("epoch") { Int($0) }, iterations: try field("iterations") { Int($0) },
            history: try decoded("history", [EpochLog].self), checkpoints: try decoded("checkpoints", [CheckpointRecord].self),
            checkpointBest: m["model_checkpoint.best"].flatMap(Double.init), earlyStopping: nil,
            generator: try decoded("generator", [Int].self), cellKey: m["cell_key"] ?? "")
        if m["early_stopping.best"] != nil {
            snapshot.earlyStopping = (try field("early_stopping.best") { Double($0) }, try field("early_stopping.wait") { Int($0) },
                                      try field("early_stopping.best_epoch") { Int($0) })
        }
        optimizer.iterations = snapshot.iterations
        return snapshot
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// `history.csv`: `epoch,loss,val_loss,seconds`, one row an epoch (val_loss empty
/// without validation), rewritten after every epoch.
enum HistoryFile {
    static let fileName = "history.csv"

    static func text(_ history: [EpochLog]) -> String {
        var text = "epoch,loss,val_loss,seconds\n"
        for log in history {
            text += "\(log.epoch),\(log.loss),\(log.valLoss.map { String($0) } ?? ""),\(String(format: "%.3f", log.seconds))\n"
        }
        return text
    }
}

/// The last callback of a lesson's fit: after each epoch it writes `last.safetensors`
/// and `history.csv` (after the other callbacks updated their state) and tells the
/// observer, with the checkpoint callback's message.
final class EpochRecorder: Callback {
    let session: RunSession
    let optimizer: RMSprop
    let saver: CheckpointSaver?
    let stopping: EarlyStopping?
    /// Epochs before this call of fit (a resumed fit's earlier history).
    var history: [EpochLog]
    var earlierCheckpoints: [CheckpointRecord]

    init(session: RunSession, optimizer: RMSprop, saver: CheckpointSaver?, stopping: EarlyStopping?,
         history: [EpochLog], checkpoints: [CheckpointRecord]) {
        self.session = session
        self.optimizer = optimizer
        self.saver = saver
        self.stopping = stopping
        self.history = history
        earlierCheckpoints = checkpoints
    }

    var checkpoints: [CheckpointRecord] { earlierCheckpoints + (saver?.records ?? []) }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        history.append(log)
        let snapshot = TrainingStateFile.Snapshot(
            epoch: log.epoch, iterations: optimizer.iterations, history: history, checkpoints: checkpoints,
            checkpointBest: saver?.best, earlyStopping: stopping.map { ($0.best, $0.wait, $0.bestEpoch) },
            generator: session.numpy.state.words, cellKey: session.cellKey)
        try TrainingStateFile.write(snapshot, model: context.model, optimizer: optimizer,
                                    to: session.outputPath(TrainingStateFile.fileName))
        try OutputFiles.write(HistoryFile.text(history), to: session.outputPath(HistoryFile.fileName))
        if !session.reporter.muted {
            session.reporter.observer.epochEnded(log, epochs: context.options.epochs, checkpointMessage: saver?.lastMessage)
        }
        return .continue
    }
}
