import Foundation
import XCTest
@testable import LSTMCore

/// Loads every Keras fixture through our reader and checks it holds what the numeric
/// parity tests will need, with shapes that follow from its configuration.
final class KerasFixtureTests: XCTestCase {
    func testEveryFixtureHasTheDocumentedTensorsAndShapes() throws {
        for name in KerasFixture.cases {
            let fixture = try KerasFixture.load(name)
            let (n, t, f) = (fixture.count, fixture.timesteps, fixture.features)

            // Weight shapes from the layer list: LSTM W [in, 4H], U [H, 4H], b [4H]; GRU
            // W [in, 3H], U [H, 3H], b [2, 3H] (reset_after) or [3H]; SimpleRNN W [in, H],
            // U [H, H], b [H]; Dense kernel [in, units], bias [units]; `in` is the previous
            // layer's units.
            var expectedWeights: [(String, [Int])] = []
            var counts: [String: Int] = [:]
            var inputs = f
            for layer in fixture.layers {
                let index = counts[layer.kind, default: 0]
                counts[layer.kind] = index + 1
                let prefix = index == 0 ? layer.kind : "\(layer.kind)_\(index)"
                let gates = ["lstm": 4, "gru": 3, "simple_rnn": 1][layer.kind]
                if let gates {
                    let width = gates * layer.units
                    let bias = layer.reset_after == true ? [2, width] : [width]
                    expectedWeights += [("\(prefix)/kernel", [inputs, width]),
                                        ("\(prefix)/recurrent_kernel", [layer.units, width]),
                                        ("\(prefix)/bias", bias)]
                } else {
                    expectedWeights += [("\(prefix)/kernel", [inputs, layer.units]), ("\(prefix)/bias", [layer.units])]
                }
                inputs = layer.units
            }
            XCTAssertEqual(fixture.weightNames, expectedWeights.map(\.0), name)

            let batches = (fixture.splitIndex + fixture.batchSize - 1) / fixture.batchSize
            var expected: [String: [Int]] = [
                "x": [n, t, f], "y": [n], "output": [n, 1], "loss": [], "grad/x": [n, t, f],
                "history/loss": [fixture.epochs], "history/val_loss": [fixture.epochs],
                "trace/batch_loss": [fixture.epochs * batches],
            ]
            for (weight, shape) in expectedWeights {
                for prefix in ["", "grad/", "after3/"] { expected[prefix + weight] = shape }
                expected["after3/optimizer/\(weight)/velocity"] = shape
            }
            let actual = Dictionary(uniqueKeysWithValues: fixture.contents.tensors.map { ($0.name, $0.shape) })
            let missing = Set(expected.keys).subtracting(actual.keys).sorted()
            let extra = Set(actual.keys).subtracting(expected.keys).sorted()
            XCTAssertEqual(missing, [], "\(name): tensors missing from the fixture")
            XCTAssertEqual(extra, [], "\(name): tensors the fixture should not have")
            for (tensor, shape) in expected.sorted(by: { $0.key < $1.key }) {
                if let found = actual[tensor], found != shape {
                    XCTFail("\(name): '\(tensor)' has shape \(found), expected \(shape)")
                }
            }
            XCTAssertEqual(fixture.contents.metadata["case"], name)
            XCTAssertEqual(fixture.epochs, 3)
            XCTAssertEqual(fixture.contents.metadata["keras_version"]?.hasPrefix("3."), true, name)
        }
    }

    /// The split and epoch-loss rules of docs/numerics.md hold in what Keras recorded: the split
    /// index is floor(N (1 - split)) in Double, and each epoch's loss is the
    /// batch-size-weighted mean of its batches' losses (relative error < 1e-6).
    func testFixturesShowKerasSplitAndEpochLossRules() throws {
        for name in KerasFixture.cases {
            let fixture = try KerasFixture.load(name)
            let split = Int((Double(fixture.count) * (1.0 - fixture.validationSplit)).rounded(.down))
            XCTAssertEqual(fixture.splitIndex, split, name)
            let batchLosses = try fixture.tensor("trace/batch_loss").values
            let history = try fixture.tensor("history/loss").values
            let batches = batchLosses.count / fixture.epochs
            for epoch in 0..<fixture.epochs {
                var total = 0.0
                for batch in 0..<batches {
                    let size = min(fixture.batchSize, fixture.splitIndex - batch * fixture.batchSize)
                    total += Double(batchLosses[epoch * batches + batch]) * Double(size)
                }
                let mean = total / Double(fixture.splitIndex)
                let recorded = Double(history[epoch])
                XCTAssertLessThan(abs(mean - recorded) / recorded, 1e-6,
                                  "\(name) epoch \(epoch + 1): weighted mean \(mean) vs Keras \(recorded)")
            }
        }
    }

    /// `keras_export_no_metadata` holds case lstm_stacked's initial weights under Keras 3's
    /// own paths; renamed, they are exactly the case's weights.
    func testKerasExportLoadsUnderOurNames() throws {
        let path = try KerasFixture.folder().appendingPathComponent("keras_export_no_metadata.safetensors").path
        let export = try SafeTensors.read(path)
        XCTAssertEqual(export.metadata, [:])
        XCTAssertEqual(Set(export.names), [
            "sequential/lstm/lstm_cell/kernel", "sequential/lstm/lstm_cell/recurrent_kernel",
            "sequential/lstm/lstm_cell/bias", "sequential/lstm_1/lstm_cell/kernel",
            "sequential/lstm_1/lstm_cell/recurrent_kernel", "sequential/lstm_1/lstm_cell/bias",
            "sequential/dense/kernel", "sequential/dense/bias",
        ])
        let renamed = try KerasNames.renamingKerasPaths(export.tensors, path: path)
        let stacked = try KerasFixture.load("lstm_stacked")
        XCTAssertEqual(Set(renamed.map(\.name)), Set(stacked.weightNames))
        for tensor in renamed {
            XCTAssertEqual(tensor, try stacked.tensor(tensor.name), tensor.name)
        }
    }

    /// `keras_export_lstm_gru_no_metadata` holds case lstm_gru_stacked's initial weights under
    /// Keras 3's paths (`sequential/gru/gru_cell/bias [2, 3H]`); read without metadata, with
    /// the lesson's model, it is that model with exactly the case's weights.
    func testKerasGRUExportLoadsAsTheLessonsModel() throws {
        let path = try KerasFixture.folder().appendingPathComponent("keras_export_lstm_gru_no_metadata.safetensors").path
        let fixture = try KerasFixture.load("lstm_gru_stacked")
        XCTAssertTrue(try SafeTensors.read(path).names.contains("sequential/gru/gru_cell/bias"))
        let expected = Architecture(timesteps: fixture.timesteps, features: fixture.features,
                                    layers: try fixture.layers.map { try $0.config() })
        let file = try ModelFile.read(path, expected: expected)
        XCTAssertEqual(file.architectureSource, .inferred)
        XCTAssertEqual(file.architecture, expected)
        XCTAssertEqual(file.weights.map(\.name), fixture.weightNames)
        for tensor in file.weights {
            XCTAssertEqual(tensor, try fixture.tensor(tensor.name), tensor.name)
        }
        // Without the lesson's model the kinds' order is lstm before gru anyway, and the
        // GRU's [2, 3H] bias says reset_after.
        let alone = try ModelFile.read(path, timesteps: fixture.timesteps)
        XCTAssertEqual(alone.architecture.summary, "lstm(5) → gru(3) → dense(1)")
        guard case .gru(let gru) = alone.architecture.layers[1] else { return XCTFail("layer 2 is not a GRU") }
        XCTAssertTrue(gru.resetAfter)
    }
}
