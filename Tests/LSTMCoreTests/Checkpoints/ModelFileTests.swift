import Foundation
import XCTest
@testable import LSTMCore

/// Checkpoints: bit-exact round trips, Keras exports without metadata, and a clear
/// message for each kind of damaged or mismatched file.
final class ModelFileTests: XCTestCase {
    /// Two stacked LSTMs and two dense layers, with non-default activations so that a
    /// reader that dropped them would be caught.
    private let architecture = Architecture(timesteps: 5, features: 2, layers: [
        .lstm(LSTMLayerConfig(units: 4, recurrentActivation: .hardSigmoid, biasInitializer: .constant(0.05),
                              returnSequences: true)),
        .lstm(LSTMLayerConfig(units: 3)),
        .dense(DenseLayerConfig(units: 2, activation: .relu)),
        .dense(DenseLayerConfig(units: 1)),
    ])

    /// A model with random weights and an optimizer with random velocities.
    private func makeTrainedLooking(seed: UInt64) throws -> (Sequential, RMSprop) {
        var random = InitializerRandom(seed: seed)
        let model = try Sequential(architecture, random: &random)
        let optimizer = RMSprop(parameters: model.parameters)
        var values = TestValues(seed: seed + 1)
        for slot in optimizer.slots { slot.value = values.uniform(slot.value.count, 0, 1e-3) }
        optimizer.iterations = 1234
        return (model, optimizer)
    }

    func testRoundTripIsBitExact() throws {
        let (model, optimizer) = try makeTrainedLooking(seed: 3)
        let path = try temporaryFolder() + "/model012.safetensors"
        try ModelFile.save(model, optimizer: optimizer, epoch: 12, loss: 0.0012345678901234567, valLoss: 1e-05, to: path)

        let file = try ModelFile.read(path)
        XCTAssertEqual(file.architecture, architecture)
        XCTAssertEqual(file.architectureSource, .metadata)
        XCTAssertEqual(file.epoch, 12)
        XCTAssertEqual(file.loss?.bitPattern, 0.0012345678901234567.bitPattern)
        XCTAssertEqual(file.valLoss, 1e-05)
        XCTAssertEqual(file.metadata["format"], "lesson-checkpoint")
        XCTAssertEqual(file.metadata["format_version"], "1")
        XCTAssertEqual(file.metadata["val_loss"], "1e-05", "Python repr")

        let copy = try file.makeModel()
        XCTAssertEqual(copy.architecture, architecture)
        for (a, b) in zip(model.parameters, copy.parameters) {
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.value.map(\.bitPattern), b.value.map(\.bitPattern), a.name)
        }
        let restored = RMSprop(parameters: copy.parameters)
        try file.assignOptimizerState(to: restored)
        XCTAssertEqual(restored.iterations, 1234)
        for (a, b) in zip(optimizer.slots, restored.slots) {
            XCTAssertEqual(a.value.map(\.bitPattern), b.value.map(\.bitPattern), a.name)
        }
        // Predictions agree exactly too.
        var values = TestValues(seed: 9)
        let inputs = values.uniform(3 * 5 * 2)
        XCTAssertEqual(try model.predict(inputs, count: 3), try copy.predict(inputs, count: 3))

        // Without the optimizer: weights only, and resuming from it is refused.
        let weightsOnly = try temporaryFolder() + "/weights.safetensors"
        try ModelFile.save(model, to: weightsOnly)
        let bare = try ModelFile.read(weightsOnly)
        XCTAssertEqual(bare.optimizerSlots.count, 0)
        XCTAssertNil(bare.epoch)
        XCTAssertThrowsError(try bare.assignOptimizerState(to: restored)) { error in
            XCTAssertTrue("\(error)".contains("holds no optimizer state"), "\(error)")
        }
    }

    /// `keras_export_no_metadata` (Keras 3 paths, no metadata) loads as case lstm_stacked:
    /// the architecture follows from the names and shapes.
    func testKerasExportWithoutMetadataInfersTheArchitecture() throws {
        let path = try KerasFixture.folder().appendingPathComponent("keras_export_no_metadata.safetensors").path
        let stacked = try KerasFixture.load("lstm_stacked")
        let inferred = try ModelFile.read(path, timesteps: 4)
        XCTAssertEqual(inferred.architectureSource, .inferred)
        XCTAssertEqual(inferred.architecture, Architecture(timesteps: 4, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3, returnSequences: true)), .lstm(LSTMLayerConfig(units: 2)),
            .dense(DenseLayerConfig(units: 1)),
        ]))
        XCTAssertEqual(inferred.weights.map(\.name), stacked.weightNames)
        let model = try inferred.makeModel()
        for parameter in model.parameters {
            XCTAssertEqual(parameter.value, try stacked.tensor(parameter.name).values, parameter.name)
        }

        // The lesson's model gives activations and the window length, and must match.
        var expected = inferred.architecture
        expected.timesteps = 7
        expected.layers[2] = .dense(DenseLayerConfig(units: 1, activation: .tanh))
        let withLesson = try ModelFile.read(path, expected: expected)
        XCTAssertEqual(withLesson.architecture, expected)

        expected.layers[1] = .lstm(LSTMLayerConfig(units: 5))
        assertReadFails(path, expected: expected, "layer 2 (lstm) has 2 units in the checkpoint but 5 in the model cell")
        assertReadFails(path, "it has no architecture metadata (a Keras export?), so the window length is unknown")
    }

    func testDamagedFilesSayWhatIsWrong() throws {
        let (model, optimizer) = try makeTrainedLooking(seed: 5)
        let folder = try temporaryFolder()
        let good = folder + "/good.safetensors"
        try ModelFile.save(model, optimizer: optimizer, epoch: 1, loss: 0.5, valLoss: 0.25, to: good)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: good)))

        let truncated = folder + "/truncated.safetensors"
        try Data(bytes.dropLast(10)).write(to: URL(fileURLWithPath: truncated))
        assertReadFails(truncated, "truncated or out of range: tensor '")
        assertReadFails(truncated, "but the file holds only")

        var garbled = bytes
        for index in 8..<16 { garbled[index] = UInt8(ascii: "#") }
        let badHeader = folder + "/bad-header.safetensors"
        try Data(garbled).write(to: URL(fileURLWithPath: badHeader))
        assertReadFails(badHeader, "the header does not start with '{'")

        // Shapes checked against the architecture in the metadata.
        let small = Architecture(timesteps: 4, features: 1, layers: [.lstm(LSTMLayerConfig(units: 3)), .dense(DenseLayerConfig(units: 1))])
        var big = small
        big.layers[0] = .lstm(LSTMLayerConfig(units: 300))
        var random = InitializerRandom(seed: 1)
        let smallModel = try Sequential(small, random: &random)
        let tensors = ModelFile.tensors(of: smallModel)
        let bigMetadata = try ModelFile.metadata(architecture: big, optimizer: nil, epoch: nil, loss: nil, valLoss: nil)
        let wrongShape = folder + "/wrong-shape.safetensors"
        try SafeTensors.write(tensors, metadata: bigMetadata, to: wrongShape)
        assertReadFails(wrongShape, "lstm/recurrent_kernel has shape [3, 12] but the architecture needs [300, 1200]")
        assertReadFails(wrongShape, "dense/kernel has shape [3, 1] but the architecture needs [300, 1]")

        let smallMetadata = try ModelFile.metadata(architecture: small, optimizer: nil, epoch: nil, loss: nil, valLoss: nil)
        let missing = folder + "/missing.safetensors"
        try SafeTensors.write(tensors.filter { $0.name != "dense/bias" }, metadata: smallMetadata, to: missing)
        assertReadFails(missing, "missing tensor dense/bias")

        let unexpected = folder + "/unexpected.safetensors"
        try SafeTensors.write(tensors + [NamedTensor(name: "dense_7/kernel", shape: [1], values: [0])],
                              metadata: smallMetadata, to: unexpected)
        assertReadFails(unexpected, "unexpected tensor dense_7/kernel [1] (the model is lstm(3) → dense(1))")

        // A float64 tensor, as numpy saves by default.
        let header = #"{"dense/bias":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#
        var length = UInt64(header.utf8.count).littleEndian
        let f64 = folder + "/f64.safetensors"
        try Data(withUnsafeBytes(of: &length) { Array($0) } + Array(header.utf8) + [UInt8](repeating: 0, count: 8))
            .write(to: URL(fileURLWithPath: f64))
        assertReadFails(f64, "tensor 'dense/bias' has dtype F64; only F32 is supported, so save float32 arrays")

        // Another program's safetensors file, and one from a newer lesson.
        let foreign = folder + "/foreign.safetensors"
        try SafeTensors.write(tensors, metadata: ["format": "pt"], to: foreign)
        assertReadFails(foreign, "its metadata says format 'pt', not 'lesson-checkpoint'")
        var newer = smallMetadata
        newer["format_version"] = "2"
        let future = folder + "/future.safetensors"
        try SafeTensors.write(tensors, metadata: newer, to: future)
        assertReadFails(future, "it has format_version 2, but this lesson reads up to 1")

        // A different model than the lesson's.
        assertReadFails(good, expected: small, "it holds a different model than the lesson's: the input shape is (5, 2) in the checkpoint but (4, 1) in the model cell")
        XCTAssertThrowsError(try ModelFile.read(good).assign(to: smallModel)) { error in
            XCTAssertTrue("\(error)".contains("it holds a different model: the input shape is (5, 2)"), "\(error)")
        }
    }

    /// What `Architecture.inferred` refuses, named.
    func testInferenceNamesMissingLayers() {
        let tensors = [NamedTensor(name: "lstm_1/kernel", shape: [3, 8], values: [Float](repeating: 0, count: 24))]
        XCTAssertThrowsError(try Architecture.inferred(fromWeights: tensors, timesteps: 4)) { error in
            XCTAssertEqual("\(error)", "model: the weights have lstm_1 but no lstm; missing tensor lstm/kernel")
        }
        XCTAssertThrowsError(try Architecture.inferred(fromWeights: [], timesteps: 4)) { error in
            XCTAssertTrue("\(error)".contains("no LSTM"), "\(error)")
        }
        let oddKernel = [NamedTensor(name: "lstm/kernel", shape: [1, 7], values: [Float](repeating: 0, count: 7))]
        XCTAssertThrowsError(try Architecture.inferred(fromWeights: oddKernel, timesteps: 4)) { error in
            XCTAssertTrue("\(error)".contains("lstm/kernel has shape [1, 7], but an LSTM kernel is [inputs, 4 × units]"), "\(error)")
        }
    }

    /// Python's safetensors + numpy read a checkpoint we write: names, shapes, every value
    /// and the metadata (whose architecture is JSON that Python parses).
    func testPythonReadsACheckpoint() throws {
        guard let python = try PythonReference.interpreter(needing: ["numpy", "safetensors"]) else { return }
        let (model, optimizer) = try makeTrainedLooking(seed: 11)
        let path = try temporaryFolder() + "/model003.safetensors"
        try ModelFile.save(model, optimizer: optimizer, epoch: 3, loss: 0.1, valLoss: 0.2, to: path)
        let script = """
        import sys, json, numpy as np
        from safetensors import safe_open
        from safetensors.numpy import load_file
        tensors = load_file(sys.argv[1])
        with safe_open(sys.argv[1], framework="np") as f:
            metadata = f.metadata()
        architecture = json.loads(metadata["architecture"])
        out = {name: {"dtype": str(a.dtype), "shape": list(a.shape), "values": [float(v) for v in a.ravel()]}
               for name, a in tensors.items()}
        print(json.dumps({"tensors": out, "metadata": metadata, "layers": len(architecture["layers"]),
                          "units": architecture["layers"][0]["lstm"]["units"]}))
        """
        struct Loaded: Decodable {
            struct Tensor: Decodable { let dtype: String; let shape: [Int]; let values: [Double] }
            let tensors: [String: Tensor]
            let metadata: [String: String]
            let layers: Int
            let units: Int
        }
        let output = try PythonReference.run(python, script: script, arguments: [path])
        let loaded = try JSONDecoder().decode(Loaded.self, from: Data(output.utf8))
        XCTAssertEqual(loaded.layers, 4)
        XCTAssertEqual(loaded.units, 4)
        XCTAssertEqual(loaded.metadata["epoch"], "3")
        XCTAssertEqual(loaded.metadata["optimizer_iterations"], "1234")
        let expected = ModelFile.tensors(of: model, optimizer: optimizer)
        XCTAssertEqual(Set(loaded.tensors.keys), Set(expected.map(\.name)))
        for tensor in expected {
            XCTAssertEqual(loaded.tensors[tensor.name]?.dtype, "float32", tensor.name)
            XCTAssertEqual(loaded.tensors[tensor.name]?.shape, tensor.shape, tensor.name)
            XCTAssertEqual(loaded.tensors[tensor.name]?.values.map { Float($0) }, tensor.values, tensor.name)
        }
    }

    private func assertReadFails(_ path: String, expected: Architecture? = nil, _ message: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ModelFile.read(path, expected: expected), file: file, line: line) { error in
            XCTAssertTrue(error is CheckpointError, "\(type(of: error))", file: file, line: line)
            XCTAssertTrue("\(error)".hasPrefix(path + ": "), "names the file: \(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains(message), "expected '\(message)' in: \(error)", file: file, line: line)
        }
    }
}
