import XCTest
@testable import LSTMCore

/// Closed-loop training: the rollout loss against an independent computation with
/// `predict`, its gradients against central differences, and rollout 1 against
/// ordinary training.
final class ClosedLoopRolloutTests: XCTestCase {
    private let step: Float = 1e-2

    /// T 4, H 3: a small model with non-zero biases.
    private func makeModel(seed: UInt64) throws -> Sequential {
        var random = InitializerRandom(seed: seed)
        let model = try Sequential(Architecture(timesteps: 4, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        var values = TestValues(seed: seed + 50)
        for parameter in model.parameters where parameter.name.hasSuffix("bias") {
            parameter.value = values.uniform(parameter.count, -0.5, 0.5)
        }
        return model
    }

    /// A series of 14 values, cut into 10 windows of 4; the batch takes windows 9, 2, 6
    /// (window 9's targets run out after its first: the series ends at 13).
    private let series: [Double] = (0..<14).map { (x: Int) -> Double in
        let t = Double(x)
        return 0.8 * Foundation.sin(t * 0.7) + 0.1 * Foundation.cos(t * 2.1)
    }
    private let batch = [9, 2, 6]

    /// Rollout loss and parameter gradients for the batch.
    private func rolloutLossAndGradients(_ model: Sequential, steps: Int) -> (loss: Double, gradients: [[Float]]) {
        let data = WindowedSeries.windows(of: series, length: 4)
        let rollout = ClosedLoopRollout(steps: steps, timesteps: 4, capacity: batch.count)
        let workspace = ModelWorkspace(model: model, capacity: batch.count)
        let source = RolloutSource(data)
        defer { source.deallocate() }
        model.zeroGradients()
        let loss = data.inputs.withUnsafeBufferPointer { inputs in
            batch.withUnsafeBufferPointer { order -> Double in
                rollout.load(windows: inputs.baseAddress!, origins: source.origins, source: source.values,
                             sourceCount: source.count, order: order.baseAddress!, start: 0, batch: batch.count)
                return rollout.lossAndGradients(model, workspace: workspace, batch: batch.count)
            }
        }
        return (loss, model.parameters.map(\.gradient))
    }

    /// The same loss the slow way: each window's forecast with `predict`, one window at a
    /// time, fed back by hand; mean over the predictions whose target is in the series.
    private func referenceLoss(_ model: Sequential, steps: Int) throws -> Double {
        var sum = 0.0, count = 0
        for origin in batch {
            var extended = Array(series[origin..<(origin + 4)].map { Float($0) })
            for j in 0..<steps {
                let prediction = try model.predict(Array(extended[j..<(j + 4)]), count: 1)[0]
                extended.append(prediction)
                if origin + 4 + j < series.count {
                    let error = Double(prediction) - Double(Float(series[origin + 4 + j]))
                    sum += error * error
                    count += 1
                }
            }
        }
        return sum / Double(count)
    }

    func testLossMatchesFeedingPredictionsBackByHand() throws {
        let model = try makeModel(seed: 3)
        for steps in [1, 3, 6] {
            let observed = rolloutLossAndGradients(model, steps: steps).loss
            let expected = try referenceLoss(model, steps: steps)
            XCTAssertEqual(observed, expected, accuracy: 1e-6 * expected, "rollout \(steps): expected \(expected) observed \(observed)")
        }
    }

    /// Gradients through the fed-back predictions, for a rollout shorter than the window (3)
    /// and longer (6: the last windows hold predictions only).
    func testGradientsMatchCentralDifferences() throws {
        for (steps, seed) in [(3, UInt64(4)), (6, UInt64(5))] {
            let model = try makeModel(seed: seed)
            let analytic = rolloutLossAndGradients(model, steps: steps)
            for (index, parameter) in model.parameters.enumerated() {
                var numeric = [Float](repeating: 0, count: parameter.count)
                for i in 0..<parameter.count {
                    let saved = parameter.pointer[i]
                    parameter.pointer[i] = saved + step
                    let plus = rolloutLossAndGradients(model, steps: steps).loss
                    parameter.pointer[i] = saved - step
                    let minus = rolloutLossAndGradients(model, steps: steps).loss
                    parameter.pointer[i] = saved
                    numeric[i] = Float((plus - minus) / Double(2 * step))
                }
                assertClose(analytic.gradients[index], numeric, absolute: 2e-4, relative: 2e-3,
                            "rollout \(steps): d loss / d \(parameter.name)")
            }
        }
    }

    func testRolloutOfOneIsOrdinaryTraining() throws {
        let model = try makeModel(seed: 6)
        let data = WindowedSeries.windows(of: series, length: 4)
        let rollout = rolloutLossAndGradients(model, steps: 1)
        // Ordinary MSE on the same three windows.
        let workspace = ModelWorkspace(model: model, capacity: batch.count)
        model.zeroGradients()
        var targets = batch.map { data.targets[$0] }
        var dOutput = [Float](repeating: 0, count: batch.count)
        let loss = data.inputs.withUnsafeBufferPointer { inputs in
            batch.withUnsafeBufferPointer { order in
                targets.withUnsafeMutableBufferPointer { y in
                    dOutput.withUnsafeMutableBufferPointer { d -> Double in
                        workspace.loadInputs(inputs.baseAddress!, indices: order.baseAddress!, start: 0, batch: batch.count)
                        let predictions = model.forward(workspace, batch: batch.count, training: true)
                        let loss = MeanSquaredError.forward(predictions: predictions, targets: y.baseAddress!, batch: batch.count)
                        MeanSquaredError.backward(dPredictions: d.baseAddress!, predictions: predictions,
                                                  targets: y.baseAddress!, batch: batch.count)
                        model.backward(workspace, dOutput: d.baseAddress!)
                        return loss
                    }
                }
            }
        }
        XCTAssertEqual(rollout.loss, loss, accuracy: 1e-7 * loss)
        for (observed, expected) in zip(rollout.gradients, model.parameters.map(\.gradient)) {
            assertClose(observed, expected, absolute: 1e-6, relative: 1e-5, "rollout 1 vs ordinary gradient")
        }
    }

    func testWindowsKeepTheirOriginsWhenShuffled() throws {
        let data = WindowedSeries.windows(of: series, length: 4)
        XCTAssertEqual(data.origins, Array(0..<10))
        XCTAssertEqual(data.source, series.map { Float($0) })
        let shuffled = try data.permuted(by: [3, 0, 9, 1, 2, 4, 5, 6, 7, 8])
        XCTAssertEqual(shuffled.origins?.prefix(3), [3, 0, 9])
        XCTAssertEqual(shuffled.source, data.source)
    }

    func testFitRefusesRolloutsItCannotBuild() throws {
        let model = try makeModel(seed: 7)
        let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
        let data = WindowedSeries.windows(of: series, length: 4)
        XCTAssertThrowsError(try trainer.fit(data, options: FitOptions(batchSize: 4, epochs: 1, rollout: 0))) {
            XCTAssertTrue("\($0)".contains("rollout must be at least 1"), "\($0)")
        }
        let bare = WindowedSeries(inputs: data.inputs, targets: data.targets, count: data.count, timesteps: 4, features: 1)
        XCTAssertThrowsError(try trainer.fit(bare, options: FitOptions(batchSize: 4, epochs: 1, rollout: 2))) {
            XCTAssertTrue("\($0)".contains("windows(length:)"), "\($0)")
        }
        XCTAssertNoThrow(try trainer.fit(bare, options: FitOptions(batchSize: 4, epochs: 1, rollout: 1)))
    }

    /// A fit with rollouts lowers its own (rollout) loss on a sine.
    func testFitWithRolloutsLearns() throws {
        let model = try makeModel(seed: 8)
        let trainer = Trainer(model: model, optimizer: RMSprop(config: RMSpropConfig(learningRate: 0.01), parameters: model.parameters))
        let data = WindowedSeries.windows(of: sineSeries(count: 60, period: 12), length: 4)
        let result = try trainer.fit(data, options: FitOptions(batchSize: 16, epochs: 15, validationSplit: 0.2, rollout: 4))
        let first = try XCTUnwrap(result.history.first?.loss), last = try XCTUnwrap(result.history.last?.loss)
        XCTAssertLessThan(last, 0.5 * first, "rollout loss \(first) → \(last)")
    }
}
