import XCTest
@testable import LSTMCore

final class TrainerTests: XCTestCase {
    private func smallModel(seed: UInt64 = 3, units: Int = 6, timesteps: Int = 8) throws -> Sequential {
        var random = InitializerRandom(seed: seed)
        return try Sequential(Architecture(timesteps: timesteps, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: units, biasInitializer: .constant(0.05))), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
    }

    private func sineWindows(count: Int = 60, length: Int = 8, period: Double = 16) -> WindowedSeries {
        WindowedSeries.windows(of: sineSeries(count: count + length, period: period), length: length)
    }

    func testEpochLossIsTheWeightedMeanOfBatchLossesBeforeEachUpdate() throws {
        // 7 training samples in batches of 3, 3, 1; 3 validation samples.
        let data = sineWindows(count: 10)
        let model = try smallModel(), reference = try smallModel()
        let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
        let result = try trainer.fit(data, options: FitOptions(batchSize: 3, epochs: 1, validationSplit: 0.3))
        let log = try XCTUnwrap(result.history.first)
        XCTAssertEqual(log.epoch, 1)

        // The same epoch by hand on an identical model.
        let optimizer = RMSprop(parameters: reference.parameters)
        let workspace = ModelWorkspace(model: reference, capacity: 3)
        var weighted = 0.0
        try data.inputs.withUnsafeBufferPointer { x in
            try data.targets.withUnsafeBufferPointer { y in
                for (start, batch) in [(0, 3), (3, 3), (6, 1)] {
                    workspace.loadInputs(x.baseAddress!, indices: nil, start: start, batch: batch)
                    reference.zeroGradients()
                    let predictions = reference.forward(workspace, batch: batch, training: true)
                    let loss = MeanSquaredError.forward(predictions: predictions, targets: y.baseAddress! + start, batch: batch)
                    weighted += loss * Double(batch)
                    var d = [Float](repeating: 0, count: batch)
                    d.withUnsafeMutableBufferPointer {
                        MeanSquaredError.backward(dPredictions: $0.baseAddress!, predictions: predictions,
                                                  targets: y.baseAddress! + start, batch: batch)
                        reference.backward(workspace, dOutput: $0.baseAddress!)
                    }
                    optimizer.step()
                }
                let validation = try reference.predict(Array(data.inputs[(7 * 8)...]), count: 3)
                var sum = 0.0
                for k in 0..<3 { let e = Double(validation[k]) - Double(y[7 + k]); sum += e * e }
                XCTAssertEqual(try XCTUnwrap(log.valLoss), sum / 3, accuracy: 1e-12, "val_loss: mean over the 3 validation samples")
            }
        }
        XCTAssertEqual(log.loss, weighted / 7, accuracy: 1e-12, "loss: (3·L1 + 3·L2 + 1·L3) / 7")
        XCTAssertEqual(model.parameters.map(\.value), reference.parameters.map(\.value), "same updates")
    }

    func testSameSeedGivesBitIdenticalLosses() throws {
        func run() throws -> [Double] {
            let model = try smallModel(seed: 9)
            let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
            let result = try trainer.fit(sineWindows(), options: FitOptions(batchSize: 16, epochs: 3, validationSplit: 0.3))
            return result.history.flatMap { [$0.loss, $0.valLoss ?? .nan] }
        }
        let first = try run(), second = try run()
        XCTAssertEqual(first.count, 6)
        XCTAssertEqual(first, second)
    }

    func testLearnsTheSineWave() throws {
        // H 16, window 20: val_loss must fall at least tenfold within 20 epochs.
        var random = InitializerRandom(seed: 0)
        let model = try Sequential(Architecture(timesteps: 20, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 16)), .dense(DenseLayerConfig(units: 1)),
        ]), random: &random)
        let data = try WindowedSeries.windows(of: sineSeries(count: 420, period: 20), length: 20)
            .permuted(by: (0..<400).map { ($0 * 137) % 400 })
        // val_loss of the untrained model: the validation tail is samples 280..<400.
        let before = try model.predict(Array(data.inputs[(280 * 20)...]), count: 120)
        let initial = zip(before, data.targets[280...]).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +) / 120
        let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
        let result = try trainer.fit(data, options: FitOptions(batchSize: 32, epochs: 20, validationSplit: 0.3))
        let last = try XCTUnwrap(result.history.last?.valLoss)
        XCTAssertLessThan(last, initial / 10, "val_loss untrained: \(initial), after epoch 20: \(last)")
    }

    func testRMSpropUpdateFollowsKeras3() throws {
        let model = try smallModel(units: 2, timesteps: 2)
        let parameter = try XCTUnwrap(model.parameter(named: "dense/bias"))
        let optimizer = RMSprop(config: RMSpropConfig(learningRate: 0.01, rho: 0.8, epsilon: 1e-3), parameters: model.parameters)
        XCTAssertEqual(optimizer.slots.map(\.name).last, "optimizer/dense/bias/velocity")
        parameter.value = [0.5]
        parameter.gradient = [0.2]
        optimizer.step()
        // v = 0.8·0 + 0.2·0.04 = 0.008;  w = 0.5 - 0.01·0.2 / sqrt(0.008 + 0.001)
        let velocity: Double = 0.2 * 0.04
        XCTAssertEqual(Double(try XCTUnwrap(optimizer.slot(named: "optimizer/dense/bias/velocity")).value[0]), velocity, accuracy: 1e-9)
        XCTAssertEqual(Double(parameter.value[0]), 0.5 - 0.01 * 0.2 / (velocity + 1e-3).squareRoot(), accuracy: 1e-7)
        parameter.gradient = [-0.1]
        optimizer.step()
        let velocity2 = 0.8 * velocity + 0.2 * 0.01
        XCTAssertEqual(Double(optimizer.slots.last?.value[0] ?? 0), velocity2, accuracy: 1e-9)
        XCTAssertEqual(optimizer.iterations, 2)
    }

    func testResumingFromSavedStateEndsWhereAnUninterruptedRunEnds() throws {
        let data = sineWindows()
        let options = FitOptions(batchSize: 16, epochs: 3, validationSplit: 0.3)
        let straight = try smallModel()
        let straightResult = try Trainer(model: straight, optimizer: RMSprop(parameters: straight.parameters)).fit(data, options: options)

        // One epoch, then copy weights and optimizer slots into fresh objects, as a checkpoint would.
        let first = try smallModel()
        let firstOptimizer = RMSprop(parameters: first.parameters)
        var one = options
        one.epochs = 1
        let firstResult = try Trainer(model: first, optimizer: firstOptimizer).fit(data, options: one)
        let resumed = try smallModel(seed: 77)
        let resumedOptimizer = RMSprop(parameters: resumed.parameters)
        for (target, source) in zip(resumed.parameters, first.parameters) { try target.assign(source.value) }
        for (target, source) in zip(resumedOptimizer.slots, firstOptimizer.slots) { try target.assign(source.value) }
        var rest = options
        rest.initialEpoch = 1
        let restResult = try Trainer(model: resumed, optimizer: resumedOptimizer).fit(data, options: rest)

        XCTAssertEqual(restResult.history.map(\.epoch), [2, 3])
        XCTAssertEqual((firstResult.history + restResult.history).map(\.loss), straightResult.history.map(\.loss))
        XCTAssertEqual(resumed.parameters.map(\.value), straight.parameters.map(\.value))
    }

    func testProgressEveryBatchAndStopRequest() throws {
        let model = try smallModel()
        let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
        var reports: [BatchProgress] = []
        let result = try trainer.fit(sineWindows(count: 40), options: FitOptions(batchSize: 8, epochs: 2, validationSplit: 0.25),
                                     progress: { reports.append($0) })
        XCTAssertEqual(reports.map(\.batch), [1, 2, 3, 4, 1, 2, 3, 4], "30 training samples in batches of 8")
        XCTAssertEqual(reports.map(\.batches), [Int](repeating: 4, count: 8))
        XCTAssertEqual(result.history.count, 2)
        XCTAssertNil(result.stopReason)

        var batches = 0
        let stopped = try trainer.fit(sineWindows(count: 40), options: FitOptions(batchSize: 8, epochs: 5, validationSplit: 0.25),
                                      progress: { _ in batches += 1 }, shouldStop: { batches == 6 })
        XCTAssertTrue(stopped.interrupted)
        XCTAssertEqual(stopped.history.map(\.epoch), [1], "epoch 2 was interrupted after its second batch")
        XCTAssertNotNil(stopped.stopReason)
    }

    func testNaNLossStopsWithAMessage() throws {
        let model = try smallModel()
        var data = sineWindows(count: 20)
        data.targets[5] = .nan
        let result = try Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
            .fit(data, options: FitOptions(batchSize: 4, epochs: 3))
        XCTAssertTrue(result.diverged)
        XCTAssertTrue(result.history.isEmpty)
        let reason = try XCTUnwrap(result.stopReason)
        XCTAssertTrue(reason.contains("epoch 1, batch 2"), reason)
    }

    func testShuffleUsesTheProviderAndChecksIt() throws {
        let model = try smallModel()
        let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
        let data = sineWindows(count: 20)
        XCTAssertThrowsError(try trainer.fit(data, options: FitOptions(batchSize: 4, epochs: 1, shuffle: true)))
        var calls: [Int] = []
        _ = try trainer.fit(data, options: FitOptions(batchSize: 4, epochs: 2, validationSplit: 0.5, shuffle: true),
                            permutation: { n in calls.append(n); return (0..<n).reversed() })
        XCTAssertEqual(calls, [10, 10], "one permutation of the 10 training samples per epoch")
        XCTAssertThrowsError(try trainer.fit(data, options: FitOptions(batchSize: 4, epochs: 1, shuffle: true),
                                             permutation: { n in [Int](repeating: 0, count: n) }))
    }

    func testFitRejectsMismatchedData() throws {
        let model = try smallModel()
        let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
        XCTAssertThrowsError(try trainer.fit(sineWindows(length: 5), options: FitOptions())) { error in
            XCTAssertTrue("\(error)".contains("windows(length:)"), "\(error)")
        }
        XCTAssertThrowsError(try trainer.fit(sineWindows(), options: FitOptions(batchSize: 0)))
        XCTAssertThrowsError(try trainer.fit(sineWindows(), options: FitOptions(validationSplit: 1)))
    }
}
