import Foundation
import XCTest
@testable import LSTMCore

/// The GRU and SimpleRNN layers against a plain Double reference of Keras 3's formulas,
/// through OpenBLAS and through the packed recurrent products, which must also agree
/// with each other forward and backward; their forecasts against one predict a step;
/// their checkpoints round trip.
final class RecurrentKindsTests: XCTestCase {
    /// Every configuration the tests run: both GRU variants, a narrow input (folded into
    /// the passes) and a wide one (a matrix product), and a SimpleRNN of each. 21 units:
    /// 3H = 63 is three panels and 15 columns, H = 21 one panel and 5.
    private let configs: [(LayerConfig, features: Int)] = [
        (.gru(GRULayerConfig(units: 21)), 2),
        (.gru(GRULayerConfig(units: 21, resetAfter: false)), 2),
        (.gru(GRULayerConfig(units: 21, recurrentActivation: .hardSigmoid, resetAfter: false)), 6),
        (.gru(GRULayerConfig(units: 21, activation: .relu)), 6),
        (.simpleRNN(SimpleRNNLayerConfig(units: 21)), 2),
        (.simpleRNN(SimpleRNNLayerConfig(units: 21, activation: .relu)), 6),
    ]

    /// A model of one recurrent layer (and a dense one after it, unused here).
    private func makeLayer(_ config: LayerConfig, features: Int, timesteps: Int, seed: UInt64) throws -> any RecurrentLayer {
        var random = InitializerRandom(seed: seed)
        let model = try Sequential(Architecture(timesteps: timesteps, features: features,
                                                layers: [config, .dense(DenseLayerConfig(units: 1))]), random: &random)
        let layer = try XCTUnwrap(model.recurrentLayers.first)
        var values = TestValues(seed: seed + 1)
        // Biases away from zero, so that each one's place in the formulas matters.
        for parameter in layer.parameters where parameter.name.hasSuffix("bias") {
            parameter.value = values.uniform(parameter.count, -0.5, 0.5)
        }
        return layer
    }

    /// h of every step, `[T, B, H]`, from Keras' formulas in Double (libm's exp and tanh),
    /// with the input `[T, B, F]` time-major.
    private func reference(_ config: LayerConfig, _ layer: any RecurrentLayer, input: [Float], batch B: Int) -> [Double] {
        let T = layer.timesteps, F = layer.inputSize, H = layer.units
        let (W, U, bias) = (layer.parameters[0].value.map(Double.init), layer.parameters[1].value.map(Double.init),
                            layer.parameters[2].value.map(Double.init))
        func apply(_ activation: Activation, _ x: Double) -> Double {
            switch activation {
            case .linear: return x
            case .tanh: return Foundation.tanh(x)
            case .relu: return max(x, 0)
            case .sigmoid: return 1 / (1 + Foundation.exp(-x))
            case .hardSigmoid: return min(max(x / 6 + 0.5, 0), 1)
            }
        }
        let G = config.gatesPerUnit * H
        var out = [Double](repeating: 0, count: T * B * H)
        for b in 0..<B {
            var h = [Double](repeating: 0, count: H)
            for t in 0..<T {
                // xw = x·W, hu = h·U, each [G].
                var xw = [Double](repeating: 0, count: G), hu = [Double](repeating: 0, count: G)
                for f in 0..<F { for j in 0..<G { xw[j] += Double(input[(t * B + b) * F + f]) * W[f * G + j] } }
                for k in 0..<H { for j in 0..<G { hu[j] += h[k] * U[k * G + j] } }
                var next = [Double](repeating: 0, count: H)
                switch config {
                case .gru(let c):
                    let bIn = Array(bias[0..<G]), bRec = c.resetAfter ? Array(bias[G..<(2 * G)]) : [Double](repeating: 0, count: G)
                    var r = [Double](repeating: 0, count: H)
                    for j in 0..<H { r[j] = apply(c.recurrentActivation, xw[H + j] + bIn[H + j] + hu[H + j] + bRec[H + j]) }
                    for j in 0..<H {
                        let z = apply(c.recurrentActivation, xw[j] + bIn[j] + hu[j] + bRec[j])
                        var recurrentH = 0.0
                        if c.resetAfter {
                            recurrentH = r[j] * (hu[2 * H + j] + bRec[2 * H + j])
                        } else {
                            for k in 0..<H { recurrentH += r[k] * h[k] * U[k * G + 2 * H + j] }
                        }
                        let candidate = apply(c.activation, xw[2 * H + j] + bIn[2 * H + j] + recurrentH)
                        next[j] = z * h[j] + (1 - z) * candidate
                    }
                case .simpleRNN(let c):
                    for j in 0..<H { next[j] = apply(c.activation, xw[j] + bias[j] + hu[j]) }
                default:
                    preconditionFailure("only GRU and SimpleRNN here")
                }
                h = next
                for j in 0..<H { out[(t * B + b) * H + j] = h[j] }
            }
        }
        return out
    }

    /// Forward (every step's h) and backward (gradients, dx) of `layer` through `product`.
    private func run(_ layer: any RecurrentLayer, _ workspace: any RecurrentWorkspace, product: RecurrentProduct,
                     input: [Float], dOutput: [Float], batch B: Int) -> (h: [Float], gradients: [[Float]], dInput: [Float]) {
        let T = layer.timesteps, H = layer.units
        layer.recurrentProduct = product
        for parameter in layer.parameters { parameter.zeroGradient() }
        input.withUnsafeBufferPointer { workspace.forward(input: $0.baseAddress!, batch: B, training: true) }
        let h = Array(UnsafeBufferPointer(start: workspace.sequenceOutput(units: H), count: T * B * H))
        var dInput = [Float](repeating: 0, count: T * B * layer.inputSize)
        dOutput.withUnsafeBufferPointer { d in
            dInput.withUnsafeMutableBufferPointer { workspace.backward(dOutput: d.baseAddress!, dInput: $0.baseAddress!) }
        }
        return (h, layer.parameters.map(\.gradient), dInput)
    }

    /// Forward against the reference through OpenBLAS and through each packed kernel the
    /// processor has (a batch that gives each thread a full block and a short one), and
    /// backward through the panels against backward through OpenBLAS.
    func testLayersMatchTheReferenceAndThePanelsMatchOpenBLAS() throws {
        let packedKernels = RecurrentProduct.allCases.filter { $0 != .blas && $0.isSupported }
        if packedKernels.isEmpty && ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail("this processor has neither AVX-512F nor AVX2 + FMA, so the packed products go untested")
        }
        for (index, (config, features)) in configs.enumerated() {
            let T = 5
            let layer = try makeLayer(config, features: features, timesteps: T, seed: 40 + UInt64(index))
            let workspace = layer.makeWorkspace(capacity: 64)
            let B = 16 * BLAS.threads + 5
            var values = TestValues(seed: 60 + UInt64(index))
            let input = values.uniform(T * B * features, -1.5, 1.5)
            // return_sequences: false, so only the last step's gradient comes from above.
            let dOutput = values.uniform(B * layer.units, -1, 1)
            let expected = reference(config, layer, input: input, batch: B)
            let blas = run(layer, workspace, product: .blas, input: input, dOutput: dOutput, batch: B)
            let label = "\(config.kind) \(config) features \(features)"
            assertClose(blas.h.map(Double.init), expected, absolute: 1e-5, relative: 1e-5, "\(label): OpenBLAS h vs reference")
            for product in packedKernels {
                XCTAssertTrue(product.usesPanels(batch: B, threads: BLAS.threads))
                let packed = run(layer, workspace, product: product, input: input, dOutput: dOutput, batch: B)
                assertClose(packed.h.map(Double.init), expected, absolute: 1e-5, relative: 1e-5,
                            "\(label): \(product.name) h vs reference")
                for (p, parameter) in layer.parameters.enumerated() {
                    let scale = Double(blas.gradients[p].map(abs).max() ?? 1)
                    assertClose(packed.gradients[p], blas.gradients[p], absolute: 1e-5 * scale,
                                "\(label): \(product.name) d/d \(parameter.name)")
                }
                let scale = Double(blas.dInput.map(abs).max() ?? 1)
                assertClose(packed.dInput, blas.dInput, absolute: 1e-5 * scale, "\(label): \(product.name) dx")
            }
        }
    }

    /// An inference forward (`predict`) keeps fewer slots but gives the training forward's
    /// last h exactly.
    func testInferenceForwardGivesTheTrainingForwardsOutput() throws {
        for (index, (config, features)) in configs.enumerated() {
            var random = InitializerRandom(seed: 70 + UInt64(index))
            let architecture = Architecture(timesteps: 6, features: features, layers: [config, .dense(DenseLayerConfig(units: 1))])
            let model = try Sequential(architecture, random: &random)
            var values = TestValues(seed: 80 + UInt64(index))
            let inputs = values.uniform(7 * 6 * features)
            let workspace = ModelWorkspace(model: model, capacity: 7)
            let training: [Float] = inputs.withUnsafeBufferPointer { x in
                workspace.loadInputs(x.baseAddress!, indices: nil, start: 0, batch: 7)
                return Array(UnsafeBufferPointer(start: model.forward(workspace, batch: 7, training: true), count: 7))
            }
            XCTAssertEqual(try model.predict(inputs, count: 7), training, "\(config)")
        }
    }

    /// The forecast's runs in flight against one predict per step, and stacked kinds.
    func testForecastsMatchOnePredictAStep() throws {
        let stacks: [[LayerConfig]] = [
            [.gru(GRULayerConfig(units: 7))],
            [.gru(GRULayerConfig(units: 7, resetAfter: false))],
            [.simpleRNN(SimpleRNNLayerConfig(units: 7))],
            [.lstm(LSTMLayerConfig(units: 5, returnSequences: true)), .gru(GRULayerConfig(units: 4, returnSequences: true)),
             .simpleRNN(SimpleRNNLayerConfig(units: 3))],
        ]
        for (index, stack) in stacks.enumerated() {
            var random = InitializerRandom(seed: 90 + UInt64(index))
            let model = try Sequential(Architecture(timesteps: 8, features: 1, layers: stack + [.dense(DenseLayerConfig(units: 1))]),
                                       random: &random)
            var window = sineSeries(count: 8, period: 7).map(Float.init)
            let fast = try model.forecast(seed: window, steps: 20)
            var slow: [Float] = []
            for _ in 0..<20 {
                let next = try model.predict(window, count: 1)
                slow += next
                window = Array(window.dropFirst()) + next
            }
            assertClose(fast, slow, absolute: 1e-5, relative: 1e-4, "forecast vs one predict a step: \(stack.map(\.kind))")
        }
    }

    /// A checkpoint of every kind reads back bit for bit; a GRU whose reset_after differs
    /// from the lesson's is refused with the difference in words.
    func testCheckpointsRoundTripAndDifferencesAreNamed() throws {
        let architecture = Architecture(timesteps: 4, features: 2, layers: [
            .lstm(LSTMLayerConfig(units: 3, returnSequences: true)),
            .gru(GRULayerConfig(units: 4, returnSequences: true)),
            .gru(GRULayerConfig(units: 2, resetAfter: false, returnSequences: true)),
            .simpleRNN(SimpleRNNLayerConfig(units: 3)),
            .dense(DenseLayerConfig(units: 1)),
        ])
        var random = InitializerRandom(seed: 5)
        let model = try Sequential(architecture, random: &random)
        XCTAssertEqual(model.parameters.map { "\($0.name) \($0.shape)" }, [
            "lstm/kernel [2, 12]", "lstm/recurrent_kernel [3, 12]", "lstm/bias [12]",
            "gru/kernel [3, 12]", "gru/recurrent_kernel [4, 12]", "gru/bias [2, 12]",
            "gru_1/kernel [4, 6]", "gru_1/recurrent_kernel [2, 6]", "gru_1/bias [6]",
            "simple_rnn/kernel [2, 3]", "simple_rnn/recurrent_kernel [3, 3]", "simple_rnn/bias [3]",
            "dense/kernel [3, 1]", "dense/bias [1]",
        ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recurrent-kinds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.safetensors").path
        try ModelFile.save(model, to: path)
        let copy = try ModelFile.read(path, expected: architecture).makeModel()
        XCTAssertEqual(copy.architecture, architecture)
        for (a, b) in zip(model.parameters, copy.parameters) {
            XCTAssertEqual(a.value.map(\.bitPattern), b.value.map(\.bitPattern), a.name)
        }
        var other = architecture
        other.layers[2] = .gru(GRULayerConfig(units: 2, resetAfter: true, returnSequences: true))
        XCTAssertThrowsError(try ModelFile.read(path, expected: other)) { error in
            XCTAssertTrue("\(error)".contains("layer 3 (gru) has reset_after false in the checkpoint but true in the model cell"),
                          "\(error)")
        }
        other.layers[2] = .simpleRNN(SimpleRNNLayerConfig(units: 2, returnSequences: true))
        XCTAssertThrowsError(try ModelFile.read(path, expected: other)) { error in
            XCTAssertTrue("\(error)".contains("layer 3 is gru in the checkpoint but simple_rnn in the model cell"), "\(error)")
        }
    }

    /// The architecture's rules name the kind of layer at fault.
    func testValidationNamesTheKind() {
        func message(_ layers: [LayerConfig]) -> String? {
            do {
                try Architecture(timesteps: 4, features: 1, layers: layers).validate()
                return nil
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message([.gru(GRULayerConfig(units: 3)), .simpleRNN(SimpleRNNLayerConfig(units: 2))]),
                       "model: layer 2 is a simple_rnn but the layer before it outputs one vector per sample; "
                       + "give the gru before it return_sequences: true")
        XCTAssertEqual(message([.simpleRNN(SimpleRNNLayerConfig(units: 3, returnSequences: true))]),
                       "model: the last simple_rnn has return_sequences: true, so the model would output a sequence; "
                       + "set return_sequences: false on the last simple_rnn")
        XCTAssertNil(message([.gru(GRULayerConfig(units: 3, returnSequences: true)), .lstm(LSTMLayerConfig(units: 2)),
                              .dense(DenseLayerConfig(units: 1))]))
    }

    /// Keras' initialisers, drawn as for the LSTM: kernels glorot_uniform within
    /// `sqrt(6 / (fan_in + fan_out))`, recurrent kernels with orthonormal rows
    /// (`U·Uᵀ = I`), biases zero.
    func testInitialWeightsFollowKerasInitializers() throws {
        var random = InitializerRandom(seed: 12)
        let model = try Sequential(Architecture(timesteps: 3, features: 2, layers: [
            .gru(GRULayerConfig(units: 5, returnSequences: true)), .simpleRNN(SimpleRNNLayerConfig(units: 4)),
            .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        for layer in model.recurrentLayers {
            let (kernel, recurrent, bias) = (layer.parameters[0], layer.parameters[1], layer.parameters[2])
            let limit = Float((6.0 / Double(kernel.shape[0] + kernel.shape[1])).squareRoot())
            XCTAssertTrue(kernel.value.allSatisfy { abs($0) <= limit }, kernel.name)
            XCTAssertGreaterThan(kernel.value.map(abs).max() ?? 0, limit / 2, "\(kernel.name) spreads over its range")
            let (H, width) = (recurrent.shape[0], recurrent.shape[1]), u = recurrent.value.map(Double.init)
            for i in 0..<H {
                for j in 0..<H {
                    let dot = (0..<width).reduce(0.0) { $0 + u[i * width + $1] * u[j * width + $1] }
                    XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-6, "\(recurrent.name): rows \(i) and \(j)")
                }
            }
            XCTAssertEqual(bias.value, [Float](repeating: 0, count: bias.count), bias.name)
        }
    }

    /// A GRU bias of the wrong shape (CuDNN's flat `[6H]`) is named on load.
    func testAWrongGRUBiasIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gru-bias-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("export.safetensors").path
        let zeros = { (count: Int) in [Float](repeating: 0, count: count) }
        try SafeTensors.write([
            NamedTensor(name: "sequential/gru/gru_cell/kernel", shape: [1, 6], values: zeros(6)),
            NamedTensor(name: "sequential/gru/gru_cell/recurrent_kernel", shape: [2, 6], values: zeros(12)),
            NamedTensor(name: "sequential/gru/gru_cell/bias", shape: [12], values: zeros(12)),
            NamedTensor(name: "sequential/dense/kernel", shape: [2, 1], values: zeros(2)),
            NamedTensor(name: "sequential/dense/bias", shape: [1], values: zeros(1)),
        ], metadata: [:], to: path)
        let expected = Architecture(timesteps: 4, features: 1, layers: [.gru(GRULayerConfig(units: 2)), .dense(DenseLayerConfig(units: 1))])
        XCTAssertThrowsError(try ModelFile.read(path, expected: expected)) { error in
            XCTAssertTrue("\(error)".contains("layer 1 (gru) has reset_after false in the checkpoint but true in the model cell"),
                          "\(error)")
        }
        XCTAssertThrowsError(try ModelFile.read(path, timesteps: 4)) { error in
            XCTAssertTrue("\(error)".contains("gru/bias has shape [12] but the architecture needs [6]"), "\(error)")
        }
    }
}
