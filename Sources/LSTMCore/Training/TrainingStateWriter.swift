import SafeFiles

/// Writes `last.safetensors` at the end of every epoch; placed after the other
/// callbacks so their state for that epoch is final.
final class TrainingStateWriter: Callback {
    let place: FilePlace
    let generator: GeneratorBox
    let priorHistory: [EpochLog]
    let fingerprint: String
    let dataCount: Int
    let checkpoint: ModelCheckpoint?
    let earlyStopping: EarlyStopping?
    let reduceLearningRate: ReduceLROnPlateau?

    init(place: FilePlace, generator: GeneratorBox, priorHistory: [EpochLog], fingerprint: String, dataCount: Int,
         checkpoint: ModelCheckpoint?, earlyStopping: EarlyStopping?, reduceLearningRate: ReduceLROnPlateau?) {
        self.place = place
        self.generator = generator
        self.priorHistory = priorHistory
        self.fingerprint = fingerprint
        self.dataCount = dataCount
        self.checkpoint = checkpoint
        self.earlyStopping = earlyStopping
        self.reduceLearningRate = reduceLearningRate
    }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        try TrainingState.write(model: context.model, optimizer: context.optimizer, history: priorHistory + context.history,
                                random: generator.random.state, options: context.options, dataCount: dataCount,
                                fingerprint: fingerprint, checkpoint: checkpoint?.state,
                                earlyStopping: earlyStopping.map(EarlyStoppingState.init),
                                reduceLearningRate: reduceLearningRate?.state, to: place)
        return .continue
    }
}
