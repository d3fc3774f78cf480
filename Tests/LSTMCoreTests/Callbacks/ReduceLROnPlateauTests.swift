import XCTest
@testable import LSTMCore

/// ReduceLROnPlateau against schedules worked out by hand from Keras 3's rules.
final class ReduceLROnPlateauTests: XCTestCase {
    /// Feeds val_loss values epoch by epoch from a rate of 1; returns the rate after each epoch.
    private func rates(_ callback: ReduceLROnPlateau, _ values: [Double]) throws -> [Double] {
        var random = InitializerRandom(seed: 1)
        let model = try Sequential(Architecture(timesteps: 2, features: 1, layers: [.lstm(LSTMLayerConfig(units: 1))]),
                                   random: &random)
        let optimizer = RMSprop(config: RMSpropConfig(learningRate: 1), parameters: model.parameters)
        let context = FitContext(model: model, optimizer: optimizer, options: FitOptions())
        var observed: [Double] = []
        for (index, value) in values.enumerated() {
            XCTAssertEqual(try callback.onEpochEnd(EpochLog(epoch: index + 1, loss: value, valLoss: value, seconds: 0), context),
                           .continue)
            observed.append(optimizer.learningRate)
        }
        return observed
    }

    func testHalvesAfterPatienceEpochsWithoutImprovement() throws {
        var messages: [String] = []
        let callback = try ReduceLROnPlateau(factor: 0.5, patience: 2, minDelta: 0, onMessage: { messages.append($0) })
        // best 1 → 0.9 (epoch 2); flat → cut at 4 and 6; 0.8 improves (7); flat → cut at 9.
        let observed = try rates(callback, [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8])
        XCTAssertEqual(observed, [1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125])
        XCTAssertEqual(messages, ["Epoch 4: ReduceLROnPlateau reducing learning rate to 0.5.",
                                  "Epoch 6: ReduceLROnPlateau reducing learning rate to 0.25.",
                                  "Epoch 9: ReduceLROnPlateau reducing learning rate to 0.125."])
        XCTAssertEqual(callback.best, 0.8)
    }

    func testCooldownSkipsEpochsAfterACut() throws {
        // Flat after epoch 1: cut at 2, cooldown epochs 3 and 4 (the counter reaches 0 in
        // epoch 4, which then counts again), cut at 4, cooldown 5, cut at 6.
        let callback = try ReduceLROnPlateau(factor: 0.5, patience: 1, minDelta: 0, cooldown: 2)
        XCTAssertEqual(try rates(callback, [1, 1, 1, 1, 1, 1, 1]), [1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125])
    }

    func testMinLearningRateBoundsTheRate() throws {
        let callback = try ReduceLROnPlateau(factor: 0.1, patience: 1, minDelta: 0, minLearningRate: 0.05)
        let observed = try rates(callback, [1, 1, 1, 1])
        assertClose(observed, [1, 0.1, 0.05, 0.05], absolute: 1e-15, "rates")
    }

    /// Keras' default min_delta 1e-4 is absolute: a drop from 1e-3 to 9.5e-4 is not an improvement.
    func testMinDeltaIsAbsolute() throws {
        let callback = try ReduceLROnPlateau(patience: 1)
        assertClose(try rates(callback, [1e-3, 9.5e-4, 1e-5]), [1, 0.1, 0.1], absolute: 1e-15, "rates")
        XCTAssertEqual(callback.best, 1e-5)
    }

    func testInvalidSettingsAndMissingMonitor() throws {
        for factor in [0, 1, 1.5, -0.1] {
            XCTAssertThrowsError(try ReduceLROnPlateau(factor: factor)) { XCTAssertTrue("\($0)".contains("factor"), "\($0)") }
        }
        XCTAssertThrowsError(try ReduceLROnPlateau(patience: -1))
        let callback = try ReduceLROnPlateau(monitor: "val_loss")
        var random = InitializerRandom(seed: 1)
        let model = try Sequential(Architecture(timesteps: 2, features: 1, layers: [.lstm(LSTMLayerConfig(units: 1))]),
                                   random: &random)
        let context = FitContext(model: model, optimizer: RMSprop(parameters: model.parameters), options: FitOptions())
        XCTAssertThrowsError(try callback.onEpochEnd(EpochLog(epoch: 1, loss: 1, valLoss: nil, seconds: 0), context)) {
            XCTAssertTrue("\($0)".contains("validation_split"), "\($0)")
        }
    }

    /// Inside a fit the callback lowers the optimizer's rate after each epoch it decides to.
    func testCutsTheOptimizersRateDuringAFit() throws {
        var random = InitializerRandom(seed: 2)
        let model = try Sequential(Architecture(timesteps: 4, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        let data = WindowedSeries.windows(of: sineSeries(count: 30, period: 8), length: 4)
        let optimizer = RMSprop(config: RMSpropConfig(learningRate: 0.01), parameters: model.parameters)
        // min_delta 10 never counts an improvement after the first epoch: patience 1 cuts every epoch from epoch 2.
        let callback = try ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, minDelta: 10)
        _ = try Trainer(model: model, optimizer: optimizer)
            .fit(data, options: FitOptions(batchSize: 8, epochs: 4), callbacks: [callback])
        XCTAssertEqual(optimizer.learningRate, 0.01 * 0.125, accuracy: 1e-15)
        XCTAssertEqual(optimizer.config.learningRate, 0.01, "the configured rate is kept for the record")
    }
}
