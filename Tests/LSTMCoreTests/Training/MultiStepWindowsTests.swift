import XCTest
@testable import LSTMCore

final class MultiStepWindowsTests: XCTestCase {
    func testHorizonTargetsAreTheNextHValues() throws {
        // Series 0 … 6, windows of 3 with a horizon of 2: 7 − 3 − 2 + 1 = 3 windows.
        let windows = try WindowedSeries.windows(rows: [0, 1, 2, 3, 4, 5, 6], features: 1, length: 3, horizon: 2, predicted: [0])
        XCTAssertEqual(windows.count, 3)
        XCTAssertEqual(windows.outputs, 2)
        XCTAssertEqual(windows.inputs, [0, 1, 2, 1, 2, 3, 2, 3, 4])
        XCTAssertEqual(windows.targets, [3, 4, 4, 5, 5, 6])
        XCTAssertEqual(try WindowedSeries.windows(rows: [0, 1, 2, 3], features: 1, length: 3, horizon: 2, predicted: [0]).count, 0)
    }

    func testSeveralColumnsAreStepMajor() throws {
        // Rows (a, b, c) = (i, 10i, 100i) for i = 0 … 4; predict c and a, 2 steps after windows of 2.
        let rows: [Float] = (0..<5).flatMap { i in [Float(i), Float(10 * i), Float(100 * i)] }
        let windows = try WindowedSeries.windows(rows: rows, features: 3, length: 2, horizon: 2, predicted: [2, 0])
        XCTAssertEqual(windows.count, 2)
        XCTAssertEqual(windows.features, 3)
        XCTAssertEqual(windows.outputs, 4)
        XCTAssertEqual(Array(windows.inputs[0..<6]), [0, 0, 0, 1, 10, 100])
        // Window 0's targets: rows 2 and 3, each (c, a): [200, 2, 300, 3], as Reshape((2, 2)) reads them.
        XCTAssertEqual(windows.targets, [200, 2, 300, 3, 300, 3, 400, 4])
        let shuffled = try windows.permuted(by: [1, 0])
        XCTAssertEqual(shuffled.targets, [300, 3, 400, 4, 200, 2, 300, 3])
        XCTAssertEqual(Array(shuffled.inputs[0..<6]), [1, 10, 100, 2, 20, 200])
        XCTAssertThrowsError(try WindowedSeries.windows(rows: rows, features: 3, length: 2, horizon: 1, predicted: [3]))
        XCTAssertThrowsError(try WindowedSeries.windows(rows: [1, 2], features: 3, length: 1, horizon: 1, predicted: [0]))
    }

    func testTheLossIsTheMeanOverEveryOutput() throws {
        // 6 windows of 4 steps, 3 targets each; 4 train in batches of 2, 2 validate.
        let series = sineSeries(count: 12, period: 5).map(Float.init)
        let data = try WindowedSeries.windows(rows: series, features: 1, length: 4, horizon: 3, predicted: [0])
        XCTAssertEqual(data.count, 6)
        func model() throws -> Sequential {
            var random = InitializerRandom(seed: 5)
            return try Sequential(Architecture(timesteps: 4, features: 1, layers: [
                .lstm(LSTMLayerConfig(units: 4)), .dense(DenseLayerConfig(units: 3)),
            ]), random: &random)
        }
        let trained = try model(), reference = try model()
        let result = try Trainer(model: trained, optimizer: RMSprop(parameters: trained.parameters))
            .fit(data, options: FitOptions(batchSize: 2, epochs: 1, validationSplit: 1.0 / 3, shuffle: false))
        let log = try XCTUnwrap(result.history.first)

        // The same epoch by hand: L = (1/(B·O)) Σ (ŷ − y)², dL/dŷ = 2(ŷ − y)/(B·O).
        let optimizer = RMSprop(parameters: reference.parameters)
        let workspace = ModelWorkspace(model: reference, capacity: 2)
        var weighted = 0.0
        try data.inputs.withUnsafeBufferPointer { x in
            for start in [0, 2] {
                workspace.loadInputs(x.baseAddress!, indices: nil, start: start, batch: 2)
                reference.zeroGradients()
                let p = reference.forward(workspace, batch: 2, training: true)
                var loss = 0.0
                var d = [Float](repeating: 0, count: 6)
                for j in 0..<6 {
                    let error = Double(p[j]) - Double(data.targets[start * 3 + j])
                    loss += error * error / 6
                    d[j] = Float(2 * error / 6)
                }
                weighted += loss * 2
                d.withUnsafeBufferPointer { reference.backward(workspace, dOutput: $0.baseAddress!) }
                optimizer.step()
            }
            let validation = try reference.predict(Array(data.inputs[(4 * 4)...]), count: 2)
            var sum = 0.0
            for j in 0..<6 { let e = Double(validation[j]) - Double(data.targets[12 + j]); sum += e * e }
            XCTAssertEqual(try XCTUnwrap(log.valLoss), sum / 6, accuracy: 1e-7, "val_loss: mean over 2 windows × 3 outputs")
        }
        XCTAssertEqual(log.loss, weighted / 4, accuracy: 1e-9)
        for (a, b) in zip(trained.parameters, reference.parameters) {
            // The hand-made gradient rounds 2(ŷ − y)/6 in Double, the loop in Float: the last bits differ.
            assertClose(a.value, b.value, absolute: 1e-7, relative: 1e-5, "\(a.name) after one epoch")
        }
    }

    func testTargetsOfAnotherSizeThanTheModelsOutputsAreRefused() throws {
        var random = InitializerRandom(seed: 1)
        let model = try Sequential(Architecture(timesteps: 3, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 2)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        let data = try WindowedSeries.windows(rows: [0, 1, 2, 3, 4, 5, 6], features: 1, length: 3, horizon: 2, predicted: [0])
        XCTAssertThrowsError(try Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
            .fit(data, options: FitOptions(batchSize: 2, epochs: 1))) { error in
            XCTAssertTrue((error as? FitError)?.message.contains("end the model with dense(units: 2)") == true, "\(error)")
        }
    }
}
