import Foundation

/// Writes `last.safetensors` at the end of every epoch; placed after the other
/// callbacks so their state for that epoch is final.
final class TrainingStateWriter: Callback {
    let path: String
    let generator: GeneratorBox
    let priorHistory: [EpochLog]
    let fingerprint: String
    let dataCount: Int
    let checkpoint: ModelCheckpoint?
    let earlyStopping: EarlyStopping?
    let reduceLearningRate: ReduceLROnPlateau?

    init(path: String, generator: GeneratorBox, priorHistory: [EpochLog], fingerprint: String, dataCount: Int,
         checkpoint: ModelCheckpoint?, earlyStopping: EarlyStopping?, reduceLearningRate: ReduceLROnPlateau?) {
        self.path = path
        self.generator = generator
        self.priorHistory = priorHistory
        self.fingerprint = fingerprint
        self.dataCount = dataCount
        self.checkpoint = checkpoint
        self.earlyStopping = earlyStopping
        self.reduceLearningRate = reduceLearningRate
    }

    /// Creates the state file's folder, so a missing `result/<slug>/` fails before training, not after an epoch.
    func onTrainBegin(_ context: FitContext) throws {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw CheckpointError(path: path, problem: "cannot create the folder \(parent): \(error.localizedDescription)")
        }
    }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        try TrainingState.write(model: context.model, optimizer: context.optimizer, history: priorHistory + context.history,
                                random: generator.random.state, options: context.options, dataCount: dataCount,
                                fingerprint: fingerprint, checkpoint: checkpoint?.state,
                                earlyStopping: earlyStopping.map(EarlyStoppingState.init),
                                reduceLearningRate: reduceLearningRate?.state, to: path)
        return .continue
    }
}
