import XCTest
@testable import LSTMCore

final class ForecastTests: XCTestCase {
    /// The obvious forecast: predict one window at a time and slide it.
    private func slowForecast(_ model: Sequential, seed: [Float], steps: Int) throws -> [Float] {
        var window = seed
        var predictions: [Float] = []
        for _ in 0..<steps {
            let next = try model.predict(window, count: 1)
            predictions += next
            window = Array(window.dropFirst(next.count)) + next
        }
        return predictions
    }

    private func checkForecast(_ architecture: Architecture, steps: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        var random = InitializerRandom(seed: 11)
        let model = try Sequential(architecture, random: &random)
        let seed = sineSeries(count: architecture.timesteps, period: 7).map(Float.init)
        let fast = try model.forecast(seed: seed, steps: steps)
        let slow = try slowForecast(model, seed: seed, steps: steps)
        assertClose(fast, slow, absolute: 1e-5, relative: 1e-4, "forecast vs one predict per step", file: file, line: line)
    }

    func testMatchesPredictingOneWindowAtATime() throws {
        try checkForecast(Architecture(timesteps: 9, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 7, biasInitializer: .constant(0.05))), .dense(DenseLayerConfig(units: 1)),
        ]), steps: 25)
    }

    func testStackedAndShortForecasts() throws {
        let stacked = Architecture(timesteps: 6, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 5, returnSequences: true)),
            .lstm(LSTMLayerConfig(units: 4, recurrentActivation: .hardSigmoid)),
            .dense(DenseLayerConfig(units: 3, activation: .tanh)),
            .dense(DenseLayerConfig(units: 1)),
        ])
        try checkForecast(stacked, steps: 14)
        try checkForecast(stacked, steps: 2)   // fewer steps than the window
    }

    func testStopsWhenAsked() throws {
        var random = InitializerRandom(seed: 2)
        let model = try Sequential(Architecture(timesteps: 4, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        var asked = 0
        XCTAssertThrowsError(try model.forecast(seed: [1, 2, 3, 4], steps: 100, shouldStop: { asked += 1; return asked > 10 })) { error in
            XCTAssertEqual(error as? ForecastStopped, ForecastStopped(predicted: 7))
        }
    }

    func testRejectsWrongSeedsAndShapes() throws {
        var random = InitializerRandom(seed: 1)
        let model = try Sequential(Architecture(timesteps: 4, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3)), .dense(DenseLayerConfig(units: 2)),
        ]), random: &random)
        XCTAssertThrowsError(try model.forecast(seed: [1, 2, 3], steps: 5))
        XCTAssertThrowsError(try model.forecast(seed: [1, 2, 3, 4], steps: 5)) { error in
            XCTAssertTrue("\(error)".contains("outputs 2"), "\(error)")
        }
        XCTAssertThrowsError(try model.predict([1, 2, 3], count: 1))
    }

    func testInferenceForwardMatchesTrainingForward() throws {
        // Inference reuses one step's buffers; training keeps every step. Same outputs.
        var random = InitializerRandom(seed: 8)
        let model = try Sequential(Architecture(timesteps: 7, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 9, returnSequences: true)),
            .lstm(LSTMLayerConfig(units: 5)),
            .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        var values = TestValues(seed: 9)
        let inputs = values.uniform(6 * 7)
        let workspace = ModelWorkspace(model: model, capacity: 6)
        func run(training: Bool) -> [Float] {
            inputs.withUnsafeBufferPointer { workspace.loadInputs($0.baseAddress!, indices: nil, start: 0, batch: 6) }
            return Array(UnsafeBufferPointer(start: model.forward(workspace, batch: 6, training: training), count: 6))
        }
        let training = run(training: true)
        let inference = run(training: false)
        assertClose(inference, training, absolute: 0, "inference vs training forward")
        XCTAssertEqual(try model.predict(inputs, count: 6), training)
    }

    func testPredictInPartialBatchesMatchesOneBatch() throws {
        var random = InitializerRandom(seed: 4)
        let model = try Sequential(Architecture(timesteps: 5, features: 2, layers: [
            .lstm(LSTMLayerConfig(units: 6)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        var values = TestValues(seed: 5)
        let inputs = values.uniform(11 * 5 * 2)
        let whole = try model.predict(inputs, count: 11, batchSize: 11)
        let pieces = try model.predict(inputs, count: 11, batchSize: 4)
        assertClose(pieces, whole, absolute: 1e-6, "batches of 4, 4, 3 vs one of 11")
        XCTAssertEqual(try model.predict([], count: 0), [])
    }
}
