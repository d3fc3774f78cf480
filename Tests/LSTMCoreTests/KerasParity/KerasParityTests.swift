import XCTest
@testable import LSTMCore

/// Our numerics against Keras 3 (fixtures from `Fixtures/make_keras_fixtures.py`), for
/// every case (LSTM, GRU with and without reset_after, SimpleRNN, stacks of them): the
/// model is built from the fixture's layer list and given its initial weights, then
///
/// - forward output, MSE loss, every weight gradient and d loss / d x over all N samples
///   agree within 1e-5 · ‖expected‖∞ per tensor (float32 sums in another order than
///   TensorFlow's differ by a few ulps of the largest terms: measured ≤ 1.6e-6 · ‖expected‖∞);
/// - `Trainer.fit` for 3 epochs (the fixture's batch size and split, shuffle false,
///   RMSprop with its lr, ρ, ε) gives weights and velocities within 1e-4 · ‖expected‖∞
///   per tensor (measured ≤ 1.5e-6 · ‖expected‖∞) and loss / val_loss per epoch within
///   1e-4 relative (measured ≤ 2.3e-7).
///
/// Each comparison prints its largest absolute and relative difference.
final class KerasParityTests: XCTestCase {
    private let forwardTolerance = 1e-5
    private let trainingTolerance = 1e-4

    func testForwardLossAndGradientsMatchKeras() throws {
        try forwardLossAndGradientsMatchKeras(gateKernels: .best)
    }

    /// The same with the baseline compilation of the C gate kernels forced (the one a
    /// processor without AVX2 + FMA runs).
    func testForwardLossAndGradientsMatchKerasOnTheBaselineKernels() throws {
        try forwardLossAndGradientsMatchKeras(gateKernels: .baseline)
    }

    private func forwardLossAndGradientsMatchKeras(gateKernels: GateKernelVariant) throws {
        for name in KerasFixture.cases {
            let fixture = try KerasFixture.load(name)
            let model = try makeModel(fixture)
            for layer in model.recurrentLayers {
                (layer as? LSTMLayer)?.gateKernelVariant = gateKernels
                (layer as? GRULayer)?.gateKernelVariant = gateKernels
            }
            let x = try fixture.tensor("x").values, y = try fixture.tensor("y").values
            let result = forwardBackward(model, inputs: x, targets: y, count: fixture.count)

            compare(result.output, try fixture.tensor("output").values, tolerance: forwardTolerance, "\(name) output")
            compare([result.loss], try fixture.tensor("loss").values.map(Double.init), tolerance: forwardTolerance, "\(name) loss")
            for parameter in model.parameters {
                compare(parameter.gradient, try fixture.tensor("grad/\(parameter.name)").values,
                        tolerance: forwardTolerance, "\(name) grad/\(parameter.name)")
            }
            compare(result.dInput, try fixture.tensor("grad/x").values, tolerance: forwardTolerance, "\(name) grad/x")
        }
    }

    func testThreeEpochsOfRMSpropMatchKeras() throws {
        for name in KerasFixture.cases {
            let fixture = try KerasFixture.load(name)
            let model = try makeModel(fixture)
            let optimizer = RMSprop(config: RMSpropConfig(learningRate: fixture.learningRate, rho: fixture.rho,
                                                          epsilon: fixture.epsilon),
                                    parameters: model.parameters)
            let data = WindowedSeries(inputs: try fixture.tensor("x").values, targets: try fixture.tensor("y").values,
                                      count: fixture.count, timesteps: fixture.timesteps, features: fixture.features)
            let result = try Trainer(model: model, optimizer: optimizer).fit(
                data, options: FitOptions(batchSize: fixture.batchSize, epochs: fixture.epochs,
                                          validationSplit: fixture.validationSplit, shuffle: false))
            XCTAssertNil(result.stopReason, name)
            XCTAssertEqual(optimizer.iterations, fixture.epochs * ((fixture.splitIndex + fixture.batchSize - 1) / fixture.batchSize))

            for parameter in model.parameters {
                compare(parameter.value, try fixture.tensor("after3/\(parameter.name)").values,
                        tolerance: trainingTolerance, "\(name) after3/\(parameter.name)")
            }
            for slot in optimizer.slots {
                compare(slot.value, try fixture.tensor("after3/\(slot.name)").values,
                        tolerance: trainingTolerance, "\(name) after3/\(slot.name)")
            }
            let losses = try fixture.tensor("history/loss").values.map(Double.init)
            let valLosses = try fixture.tensor("history/val_loss").values.map(Double.init)
            compareRelative(result.history.map(\.loss), losses, tolerance: trainingTolerance, "\(name) history/loss")
            compareRelative(result.history.compactMap(\.valLoss), valLosses, tolerance: trainingTolerance,
                            "\(name) history/val_loss")
        }
    }

    // MARK: Helpers

    /// The fixture's architecture with its initial weights.
    private func makeModel(_ fixture: KerasFixture) throws -> Sequential {
        let layers = try fixture.layers.map { try $0.config() }
        var random = InitializerRandom(seed: 1)
        let model = try Sequential(Architecture(timesteps: fixture.timesteps, features: fixture.features, layers: layers),
                                   random: &random)
        XCTAssertEqual(model.parameters.map(\.name), fixture.weightNames)
        for parameter in model.parameters {
            try parameter.assign(try fixture.tensor(parameter.name).values)
        }
        return model
    }

    /// Output `[N, 1]`, loss, and d loss / d x in `[N, T, F]` order; the parameters'
    /// gradients are left in the model.
    private func forwardBackward(_ model: Sequential, inputs: [Float], targets: [Float], count: Int)
        -> (output: [Float], loss: Double, dInput: [Float]) {
        let workspace = ModelWorkspace(model: model, capacity: count)
        var output: [Float] = []
        var loss = 0.0
        inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                guard let xBase = x.baseAddress, let yBase = y.baseAddress else { return }
                workspace.loadInputs(xBase, indices: nil, start: 0, batch: count)
                model.zeroGradients()
                let predictions = model.forward(workspace, batch: count, training: true)
                output = Array(UnsafeBufferPointer(start: predictions, count: count * model.outputUnits))
                loss = MeanSquaredError.forward(predictions: predictions, targets: yBase, batch: count)
                let dOutput = FloatBuffer(count: count)
                MeanSquaredError.backward(dPredictions: dOutput.pointer, predictions: predictions, targets: yBase, batch: count)
                model.backward(workspace, dOutput: dOutput.pointer, inputGradient: true)
            }
        }
        let T = model.architecture.timesteps, F = model.architecture.features
        let timeMajor = workspace.dInput.array
        var dInput = [Float](repeating: 0, count: count * T * F)
        for b in 0..<count {
            for t in 0..<T {
                for f in 0..<F { dInput[(b * T + t) * F + f] = timeMajor[(t * count + b) * F + f] }
            }
        }
        return (output, loss, dInput)
    }

    /// |observed - expected| ≤ tolerance · ‖expected‖∞ element-wise: relative to the
    /// tensor's magnitude, so small gradients get a small absolute tolerance.
    private func compare(_ observed: [Float], _ expected: [Float], tolerance: Double, _ label: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        compare(observed.map(Double.init), expected.map(Double.init), tolerance: tolerance, label, file: file, line: line)
    }

    private func compare(_ observed: [Double], _ expected: [Double], tolerance: Double, _ label: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        let scale = expected.map(abs).max() ?? 0
        report(observed, expected, label)
        assertClose(observed, expected, absolute: tolerance * scale, label, file: file, line: line)
    }

    /// |observed - expected| ≤ tolerance · |expected| element-wise.
    private func compareRelative(_ observed: [Double], _ expected: [Double], tolerance: Double, _ label: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        report(observed, expected, label)
        assertClose(observed, expected, absolute: 0, relative: tolerance, label, file: file, line: line)
    }

    private func report(_ observed: [Double], _ expected: [Double], _ label: String) {
        var worstAbsolute = 0.0, worstRelative = 0.0
        for (o, e) in zip(observed, expected) {
            worstAbsolute = max(worstAbsolute, abs(o - e))
            if e != 0 { worstRelative = max(worstRelative, abs(o - e) / abs(e)) }
        }
        let scale = expected.map(abs).max() ?? 0
        print("parity \(label): max abs \(String(format: "%.2e", worstAbsolute)), max rel \(String(format: "%.2e", worstRelative)), ‖expected‖∞ \(String(format: "%.3g", scale)), "
            + "max abs / ‖expected‖∞ \(String(format: "%.2e", scale > 0 ? worstAbsolute / scale : 0))")
    }
}
