import XCTest
@testable import LSTMCore

final class EarlyStoppingTests: XCTestCase {
    private func context() throws -> FitContext {
        var random = InitializerRandom(seed: 1)
        let model = try Sequential(Architecture(timesteps: 2, features: 1, layers: [.lstm(LSTMLayerConfig(units: 1))]),
                                   random: &random)
        return FitContext(model: model, optimizer: RMSprop(parameters: model.parameters), options: FitOptions())
    }

    /// Feeds val_loss values epoch by epoch; returns the epoch at which the callback stopped.
    private func stoppingEpoch(_ callback: EarlyStopping, _ values: [Double]) throws -> Int? {
        let context = try context()
        for (index, value) in values.enumerated() {
            let log = EpochLog(epoch: index + 1, loss: value, valLoss: value, seconds: 0)
            if case .stop = try callback.onEpochEnd(log, context) { return index + 1 }
        }
        return nil
    }

    func testBestAtBWithPatience20StopsAfterBPlus20() throws {
        // Improves through epoch 7, then flat.
        let values = (1...7).map { 1.0 / Double($0) } + [Double](repeating: 0.5, count: 40)
        let callback = EarlyStopping(monitor: "val_loss", patience: 20)
        XCTAssertEqual(try stoppingEpoch(callback, values), 27)
        XCTAssertEqual(callback.bestEpoch, 7)
        XCTAssertEqual(callback.best, 1.0 / 7)
        XCTAssertEqual(callback.stoppedEpoch, 27)
    }

    func testImprovementMustBeStrictAndBeatMinDelta() throws {
        // Equal is no improvement; with min_delta 0.1 only drops of more than 0.1 below the best count.
        XCTAssertEqual(try stoppingEpoch(EarlyStopping(patience: 2), [1, 1, 1, 1]), 3)
        let values = [1, 0.95, 0.85, 0.8, 0.74, 0.7, 0.7]
        XCTAssertEqual(try stoppingEpoch(EarlyStopping(patience: 2, minDelta: 0.1), values), 7,
                       "best 1 → 0.85 (epoch 3) → 0.74 (epoch 5), then two epochs without")
        XCTAssertNil(try stoppingEpoch(EarlyStopping(patience: 2), values))
    }

    func testStateCanBeRestored() throws {
        let callback = EarlyStopping(patience: 3)
        callback.best = 0.2
        callback.wait = 2
        let context = try context()
        let decision = try callback.onEpochEnd(EpochLog(epoch: 10, loss: 0.3, valLoss: 0.3, seconds: 0), context)
        XCTAssertEqual(decision, .stop(reason: "early stopping: val_loss has not improved for 3 epochs (best 0.2 at epoch 0)"))
    }

    func testMissingValidationIsAnError() throws {
        let callback = EarlyStopping(monitor: "val_loss", patience: 1)
        XCTAssertThrowsError(try callback.onEpochEnd(EpochLog(epoch: 1, loss: 1, valLoss: nil, seconds: 0), try context())) {
            XCTAssertTrue("\($0)".contains("validation_split"), "\($0)")
        }
    }

    func testStopsTheFit() throws {
        var random = InitializerRandom(seed: 2)
        let model = try Sequential(Architecture(timesteps: 4, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        let data = WindowedSeries.windows(of: sineSeries(count: 30, period: 8), length: 4)
        // A learning rate of zero never improves on epoch 1, so patience 2 stops after epoch 3.
        let trainer = Trainer(model: model, optimizer: RMSprop(config: RMSpropConfig(learningRate: 0), parameters: model.parameters))
        let result = try trainer.fit(data, options: FitOptions(batchSize: 8, epochs: 10, validationSplit: 0.3),
                                     callbacks: [EarlyStopping(monitor: "loss", patience: 2)])
        XCTAssertEqual(result.history.map(\.epoch), [1, 2, 3])
        XCTAssertTrue(result.stopReason?.contains("early stopping") ?? false, "\(result.stopReason ?? "nil")")
    }
}
