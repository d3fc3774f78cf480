import Foundation
import XCTest
@testable import LSTMCore

final class ArchitectureTests: XCTestCase {
    private func assertInvalid(_ architecture: Architecture, mentions words: [String],
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try architecture.validate(), file: file, line: line) { error in
            let message = "\(error)"
            for word in words {
                XCTAssertTrue(message.contains(word), "'\(message)' should mention '\(word)'", file: file, line: line)
            }
        }
    }

    func testSeedModelIsValid() throws {
        try Architecture(timesteps: 80, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 300, biasInitializer: .constant(0.05))), .dense(DenseLayerConfig(units: 1)),
        ]).validate()
    }

    func testInvalidModelsSayWhatToChange() {
        assertInvalid(Architecture(timesteps: 80, features: 1, layers: []), mentions: ["no layers"])
        assertInvalid(Architecture(timesteps: 0, features: 1, layers: [.lstm(LSTMLayerConfig(units: 3))]), mentions: ["timesteps"])
        assertInvalid(Architecture(timesteps: 5, features: 1, layers: [.dense(DenseLayerConfig(units: 1))]),
                      mentions: ["layer 1", "lstm"])
        assertInvalid(Architecture(timesteps: 5, features: 1, layers: [.lstm(LSTMLayerConfig(units: 0))]),
                      mentions: ["layer 1", "units"])
        assertInvalid(Architecture(timesteps: 5, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3)), .lstm(LSTMLayerConfig(units: 3)),
        ]), mentions: ["layer 2", "return_sequences: true"])
        assertInvalid(Architecture(timesteps: 5, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3, returnSequences: true)), .dense(DenseLayerConfig(units: 1)),
        ]), mentions: ["layer 2", "return_sequences"])
        assertInvalid(Architecture(timesteps: 5, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3, biasInitializer: .orthogonal)),
        ]), mentions: ["bias_initializer"])
        assertInvalid(Architecture(timesteps: 5, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 3)), .dense(DenseLayerConfig(units: 1)), .lstm(LSTMLayerConfig(units: 2)),
        ]), mentions: ["layer 3"])
    }

    func testCodableRoundTripAndKerasKeys() throws {
        let architecture = Architecture(timesteps: 80, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 4, recurrentActivation: .hardSigmoid, biasInitializer: .constant(0.25),
                                  returnSequences: true)),
            .lstm(LSTMLayerConfig(units: 3)),
            .dense(DenseLayerConfig(units: 1, activation: .tanh)),
        ])
        let data = try JSONEncoder().encode(architecture)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"return_sequences\":true", "\"hard_sigmoid\"", "\"constant\":0.25", "\"units\":4"] {
            XCTAssertTrue(text.contains(key), "\(text) should contain \(key)")
        }
        XCTAssertEqual(try JSONDecoder().decode(Architecture.self, from: data), architecture)
    }

    func testDecodingFillsKerasDefaults() throws {
        let json = #"{"timesteps": 10, "features": 1, "layers": [{"lstm": {"units": 8}}, {"dense": {"units": 1}}]}"#
        let architecture = try JSONDecoder().decode(Architecture.self, from: Data(json.utf8))
        XCTAssertEqual(architecture.layers, [.lstm(LSTMLayerConfig(units: 8)), .dense(DenseLayerConfig(units: 1))])
        guard case .lstm(let lstm) = architecture.layers[0] else { return XCTFail("first layer") }
        XCTAssertEqual(lstm.activation, .tanh)
        XCTAssertEqual(lstm.recurrentActivation, .sigmoid)
        XCTAssertEqual(lstm.biasInitializer, .zeros)
        XCTAssertTrue(lstm.unitForgetBias)
        XCTAssertFalse(lstm.returnSequences)
        XCTAssertThrowsError(try JSONDecoder().decode(Initializer.self, from: Data(#""he_normal""#.utf8)))
    }
}
