import XCTest
@testable import LSTMCore

/// Backward against central differences of the loss, for every parameter tensor
/// and the input. The forward runs in Float, so the step is h = 1e-2 and the
/// tolerance 2e-4 + 2e-3·|numeric| (truncation O(h²) ≈ 1e-4 relative, rounding
/// ≈ 1e-7·L/h ≈ 1e-5).
final class GradientCheckTests: XCTestCase {
    private let step: Float = 1e-2

    /// Loss, parameter gradients and input gradient (`[N, T, F]` order) for one batch.
    private func lossAndGradients(_ model: Sequential, inputs: [Float], targets: [Float], count: Int)
        -> (loss: Double, gradients: [[Float]], dInput: [Float]) {
        let workspace = ModelWorkspace(model: model, capacity: count)
        let loss = inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y -> Double in
                workspace.loadInputs(x.baseAddress!, indices: nil, start: 0, batch: count)
                model.zeroGradients()
                let predictions = model.forward(workspace, batch: count, training: true)
                let loss = MeanSquaredError.forward(predictions: predictions, targets: y.baseAddress!, batch: count)
                var dOutput = [Float](repeating: 0, count: count)
                dOutput.withUnsafeMutableBufferPointer { d in
                    MeanSquaredError.backward(dPredictions: d.baseAddress!, predictions: predictions,
                                              targets: y.baseAddress!, batch: count)
                    model.backward(workspace, dOutput: d.baseAddress!, inputGradient: true)
                }
                return loss
            }
        }
        // Time-major [T, B, F] back to [N, T, F].
        let T = model.architecture.timesteps, F = model.architecture.features
        let timeMajor = workspace.dInput.array
        var dInput = [Float](repeating: 0, count: count * T * F)
        for b in 0..<count { for t in 0..<T { for f in 0..<F {
            dInput[(b * T + t) * F + f] = timeMajor[(t * count + b) * F + f]
        }}}
        return (loss, model.parameters.map(\.gradient), dInput)
    }

    private func loss(_ model: Sequential, inputs: [Float], targets: [Float], count: Int) -> Double {
        lossAndGradients(model, inputs: inputs, targets: targets, count: count).loss
    }

    func checkGradients(_ architecture: Architecture, count: Int, seed: UInt64,
                                gateKernels: GateKernelVariant = .best,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        var random = InitializerRandom(seed: seed)
        let model = try Sequential(architecture, random: &random)
        for layer in model.recurrentLayers {
            (layer as? LSTMLayer)?.gateKernelVariant = gateKernels
            (layer as? GRULayer)?.gateKernelVariant = gateKernels
        }
        var values = TestValues(seed: seed + 100)
        // Non-zero biases so that every gate's slice matters.
        for parameter in model.parameters where parameter.name.hasSuffix("bias") {
            parameter.value = values.uniform(parameter.count, -0.5, 0.5)
        }
        var inputs = values.uniform(count * architecture.timesteps * architecture.features, -1.5, 1.5)
        let targets = values.uniform(count, -1, 1)
        let analytic = lossAndGradients(model, inputs: inputs, targets: targets, count: count)

        for (index, parameter) in model.parameters.enumerated() {
            var numeric = [Float](repeating: 0, count: parameter.count)
            for i in 0..<parameter.count {
                let saved = parameter.pointer[i]
                parameter.pointer[i] = saved + step
                let plus = loss(model, inputs: inputs, targets: targets, count: count)
                parameter.pointer[i] = saved - step
                let minus = loss(model, inputs: inputs, targets: targets, count: count)
                parameter.pointer[i] = saved
                numeric[i] = Float((plus - minus) / Double(2 * step))
            }
            assertClose(analytic.gradients[index], numeric, absolute: 2e-4, relative: 2e-3,
                        "d loss / d \(parameter.name)", file: file, line: line)
        }
        var numericInput = [Float](repeating: 0, count: inputs.count)
        for i in 0..<inputs.count {
            let saved = inputs[i]
            inputs[i] = saved + step
            let plus = loss(model, inputs: inputs, targets: targets, count: count)
            inputs[i] = saved - step
            let minus = loss(model, inputs: inputs, targets: targets, count: count)
            inputs[i] = saved
            numericInput[i] = Float((plus - minus) / Double(2 * step))
        }
        assertClose(analytic.dInput, numericInput, absolute: 2e-4, relative: 2e-3, "d loss / d input", file: file, line: line)
    }

    func testSingleLSTMWithDense() throws {
        try checkGradients(Architecture(timesteps: 6, features: 2, layers: [
            .lstm(LSTMLayerConfig(units: 5)), .dense(DenseLayerConfig(units: 1)),
        ]), count: 4, seed: 1)
    }

    /// 11 units: one full vector of 8 lanes and a tail of 3 in the C gate kernels,
    /// with each compiled variant this processor runs (the baseline one always).
    func testGateKernelVariantsWithAFullVectorAndATail() throws {
        for variant in GateKernelVariant.allCases where variant.isSupported {
            try checkGradients(Architecture(timesteps: 4, features: 2, layers: [
                .lstm(LSTMLayerConfig(units: 11)), .dense(DenseLayerConfig(units: 1)),
            ]), count: 3, seed: 21, gateKernels: variant)
        }
    }

    /// A batch large enough that the recurrent products run on packed panels where the
    /// processor has AVX-512F (every thread gets 16 rows and more).
    func testBatchLargeEnoughForPackedRecurrentProducts() throws {
        try checkGradients(Architecture(timesteps: 4, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 5, returnSequences: true)),
            .lstm(LSTMLayerConfig(units: 6)),
            .dense(DenseLayerConfig(units: 1)),
        ]), count: 16 * BLAS.threads + 3, seed: 4)
    }

    func testStackedLSTMsWithReturnSequences() throws {
        try checkGradients(Architecture(timesteps: 5, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 4, returnSequences: true)),
            .lstm(LSTMLayerConfig(units: 3)),
            .dense(DenseLayerConfig(units: 1)),
        ]), count: 3, seed: 2)
    }

    func testHardSigmoidRecurrentActivation() throws {
        try checkGradients(Architecture(timesteps: 5, features: 2, layers: [
            .lstm(LSTMLayerConfig(units: 4, recurrentActivation: .hardSigmoid)),
            .dense(DenseLayerConfig(units: 1)),
        ]), count: 3, seed: 3)
    }

    func testDenseActivations() throws {
        for (offset, activation) in [Activation.linear, .tanh, .relu, .sigmoid].enumerated() {
            try checkGradients(Architecture(timesteps: 3, features: 1, layers: [
                .lstm(LSTMLayerConfig(units: 3)),
                .dense(DenseLayerConfig(units: 4, activation: activation)),
                .dense(DenseLayerConfig(units: 1)),
            ]), count: 5, seed: 10 + UInt64(offset))
        }
    }

    /// return_sequences at the layer level: L = Σ_{t,b,j} w_tbj · h_tbj for fixed random w,
    /// so every step's output receives its own gradient.
    func testLSTMLayerReturnSequencesAllSteps() throws {
        var random = InitializerRandom(seed: 5)
        let T = 4, B = 3, F = 2, H = 5
        let layer = try LSTMLayer(name: "lstm", config: LSTMLayerConfig(units: H, returnSequences: true),
                              inputSize: F, timesteps: T, random: &random)
        var values = TestValues(seed: 6)
        layer.bias.value = values.uniform(4 * H, -0.5, 0.5)
        let input = values.uniform(T * B * F, -1, 1)   // time-major [T, B, F]
        let weights = values.uniform(T * B * H, -1, 1)
        let workspace = LSTMWorkspace(layer: layer, capacity: B)
        func objective() -> Double {
            input.withUnsafeBufferPointer { layer.forward(workspace, input: $0.baseAddress!, batch: B, training: true) }
            let h = workspace.sequenceOutput(units: H)
            var sum = 0.0
            for i in 0..<(T * B * H) { sum += Double(weights[i]) * Double(h[i]) }
            return sum
        }
        _ = objective()
        for p in layer.parameters { p.zeroGradient() }
        var dInput = [Float](repeating: 0, count: T * B * F)
        weights.withUnsafeBufferPointer { w in
            dInput.withUnsafeMutableBufferPointer { layer.backward(workspace, dOutput: w.baseAddress!, dInput: $0.baseAddress!) }
        }
        for parameter in layer.parameters {
            let analytic = parameter.gradient
            var numeric = [Float](repeating: 0, count: parameter.count)
            for i in 0..<parameter.count {
                let saved = parameter.pointer[i]
                parameter.pointer[i] = saved + step
                let plus = objective()
                parameter.pointer[i] = saved - step
                let minus = objective()
                parameter.pointer[i] = saved
                numeric[i] = Float((plus - minus) / Double(2 * step))
            }
            assertClose(analytic, numeric, absolute: 5e-4, relative: 2e-3, "d objective / d \(parameter.name)")
        }
        XCTAssertTrue(dInput.contains { $0 != 0 }, "the input gradient was written")
    }

    func testMeanSquaredErrorAndItsGradient() {
        let predictions: [Float] = [0.5, -1, 2, 0.25]
        let targets: [Float] = [1, -1, 0, 0.5]
        // Elementwise against [B] targets: (0.25 + 0 + 4 + 0.0625) / 4; a [B, B] broadcast would differ.
        let loss = MeanSquaredError.forward(predictions: predictions, targets: targets, batch: 4)
        XCTAssertEqual(loss, 4.3125 / 4, accuracy: 1e-12)
        var gradient = [Float](repeating: 0, count: 4)
        gradient.withUnsafeMutableBufferPointer {
            MeanSquaredError.backward(dPredictions: $0.baseAddress!, predictions: predictions, targets: targets, batch: 4)
        }
        XCTAssertEqual(gradient, [-0.25, 0, 1, -0.125], "2(ŷ - y)/B")
        let h: Float = 1e-3
        for i in 0..<4 {
            var plus = predictions, minus = predictions
            plus[i] += h; minus[i] -= h
            let numeric = (MeanSquaredError.forward(predictions: plus, targets: targets, batch: 4)
                - MeanSquaredError.forward(predictions: minus, targets: targets, batch: 4)) / Double(2 * h)
            XCTAssertEqual(Double(gradient[i]), numeric, accuracy: 1e-4, "dL/dŷ[\(i)]")
        }
    }
}
