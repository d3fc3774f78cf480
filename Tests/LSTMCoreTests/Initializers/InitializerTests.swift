import XCTest
@testable import LSTMCore

final class InitializerTests: XCTestCase {
    private func seedModel(units: Int = 300, bias: Double = 0.05) throws -> Sequential {
        var random = InitializerRandom(seed: 0)
        return try Sequential(Architecture(timesteps: 80, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: units, biasInitializer: .constant(bias))),
            .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
    }

    func testRecurrentKernelRowsAreOrthonormal() throws {
        let model = try seedModel()
        let u = try XCTUnwrap(model.parameter(named: "lstm/recurrent_kernel"))
        XCTAssertEqual(u.shape, [300, 1200])
        let values = u.value.map(Double.init)
        var worst = 0.0
        for i in 0..<300 {
            for j in i..<300 {
                var dot = 0.0
                for k in 0..<1200 { dot += values[i * 1200 + k] * values[j * 1200 + k] }
                worst = max(worst, abs(dot - (i == j ? 1 : 0)))
            }
        }
        XCTAssertLessThan(worst, 1e-5, "largest |U·Uᵀ - I|")
    }

    func testGlorotBoundsAndSpread() throws {
        let model = try seedModel()
        let w = try XCTUnwrap(model.parameter(named: "lstm/kernel"))
        XCTAssertEqual(w.shape, [1, 1200])
        let limit = Float((6.0 / Double(1 + 1200)).squareRoot())
        XCTAssertTrue(w.value.allSatisfy { abs($0) <= limit }, "every W within ±\(limit)")
        XCTAssertGreaterThan(w.value.max() ?? 0, 0.9 * limit, "uniform draws reach near the limit")
        let k = try XCTUnwrap(model.parameter(named: "dense/kernel"))
        XCTAssertEqual(k.shape, [300, 1])
        let denseLimit = Float((6.0 / 301.0).squareRoot())
        XCTAssertTrue(k.value.allSatisfy { abs($0) <= denseLimit })
        XCTAssertEqual(try XCTUnwrap(model.parameter(named: "dense/bias")).value, [0])
    }

    func testBiasForgetSliceIsExactlyOne() throws {
        let model = try seedModel(units: 4, bias: 0.054_881_350_392_732_48)
        let b = try XCTUnwrap(model.parameter(named: "lstm/bias")).value
        let c = Float(0.054_881_350_392_732_48)
        XCTAssertEqual(b, [c, c, c, c, 1, 1, 1, 1, c, c, c, c, c, c, c, c])
        var random = InitializerRandom(seed: 0)
        let noForget = try Sequential(Architecture(timesteps: 3, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 2, biasInitializer: .constant(0.5), unitForgetBias: false)),
        ]), random: &random)
        XCTAssertEqual(try XCTUnwrap(noForget.parameter(named: "lstm/bias")).value, [Float](repeating: 0.5, count: 8))
    }

    func testNamesAndOrderFollowKeras() throws {
        var random = InitializerRandom(seed: 1)
        let model = try Sequential(Architecture(timesteps: 5, features: 2, layers: [
            .lstm(LSTMLayerConfig(units: 3, returnSequences: true)),
            .lstm(LSTMLayerConfig(units: 4)),
            .dense(DenseLayerConfig(units: 5, activation: .tanh)),
            .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        XCTAssertEqual(model.parameters.map(\.name), [
            "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias",
            "lstm_1/kernel", "lstm_1/recurrent_kernel", "lstm_1/bias",
            "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
        ])
        XCTAssertEqual(model.parameters.map(\.shape), [[2, 12], [3, 12], [12], [3, 16], [4, 16], [16], [4, 5], [5], [5, 1], [1]])
    }

    func testSameSeedSameWeightsOtherSeedOtherWeights() throws {
        let a = try seedModel(units: 8), b = try seedModel(units: 8)
        XCTAssertEqual(a.parameters.map(\.value), b.parameters.map(\.value))
        var random = InitializerRandom(seed: 1)
        let c = try Sequential(a.architecture, random: &random)
        XCTAssertNotEqual(a.parameters[0].value, c.parameters[0].value)
    }

    func testRandomStreamMoments() {
        var random = InitializerRandom(seed: 42)
        let n = 100_000
        var sum = 0.0, squares = 0.0
        for _ in 0..<n { let x = random.normalDouble(); sum += x; squares += x * x }
        XCTAssertEqual(sum / Double(n), 0, accuracy: 0.02, "normal mean")
        XCTAssertEqual(squares / Double(n), 1, accuracy: 0.02, "normal variance")
        for _ in 0..<1000 {
            let u = random.uniform(-2, 3)
            XCTAssertTrue(u >= -2 && u < 3)
        }
    }

    func testAssignChecksTheSize() throws {
        let model = try seedModel(units: 2)
        let bias = try XCTUnwrap(model.parameter(named: "lstm/bias"))
        XCTAssertThrowsError(try bias.assign([1, 2, 3])) { error in
            XCTAssertTrue("\(error)".contains("lstm/bias"), "\(error)")
        }
        try bias.assign([Float](repeating: 0.25, count: 8))
        XCTAssertEqual(bias.value, [Float](repeating: 0.25, count: 8))
    }
}
