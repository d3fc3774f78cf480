import Foundation
import XCTest
@testable import LSTMCore

/// A reference case written by `Fixtures/make_keras_fixtures.py` with Keras 3 (see its
/// docstring for every tensor name), loaded through our own safetensors reader.
struct KerasFixture {
    /// The cases the script writes, file `keras_<case>.safetensors`.
    static let cases = ["lstm_sigmoid", "lstm_stacked", "lstm_hard_sigmoid",
                        "dense_tanh_between", "dense_relu_between_2_features",
                        "gru_reset_after", "gru_reset_before", "simple_rnn", "lstm_gru_stacked",
                        "gru_simple_rnn_stacked"]

    struct Layer: Decodable, Equatable {
        let kind: String             // "lstm", "gru", "simple_rnn" or "dense"
        let units: Int
        let activation: String
        let recurrent_activation: String?
        let return_sequences: Bool?
        let reset_after: Bool?

        /// The layer as LSTMCore configures it.
        func config() throws -> LayerConfig {
            let activation = try XCTUnwrap(Activation(rawValue: self.activation), "activation \(self.activation)")
            let recurrent = try XCTUnwrap(Activation(rawValue: recurrent_activation ?? "sigmoid"))
            let sequences = return_sequences ?? false
            switch kind {
            case "lstm":
                return .lstm(LSTMLayerConfig(units: units, activation: activation, recurrentActivation: recurrent,
                                             returnSequences: sequences))
            case "gru":
                return .gru(GRULayerConfig(units: units, activation: activation, recurrentActivation: recurrent,
                                           resetAfter: try XCTUnwrap(reset_after), returnSequences: sequences))
            case "simple_rnn":
                return .simpleRNN(SimpleRNNLayerConfig(units: units, activation: activation, returnSequences: sequences))
            default:
                return .dense(DenseLayerConfig(units: units, activation: activation))
            }
        }
    }

    let contents: SafeTensorsContents
    let timesteps: Int, features: Int, count: Int
    let batchSize: Int, epochs: Int, validationSplit: Double, splitIndex: Int
    let learningRate: Double, rho: Double, epsilon: Double
    let layers: [Layer]
    /// Weight tensors in model order: lstm/kernel, lstm/recurrent_kernel, lstm/bias, ...
    let weightNames: [String]

    /// The folder holding the fixture files (copied into the test bundle).
    static func folder() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil),
                      "Fixtures are missing from the test bundle; see Package.swift's resources")
    }

    static func load(_ name: String) throws -> KerasFixture {
        let path = try folder().appendingPathComponent("keras_\(name).safetensors").path
        let contents = try SafeTensors.read(path)
        func value(_ key: String) throws -> String {
            try XCTUnwrap(contents.metadata[key], "\(path): metadata has no '\(key)'")
        }
        func int(_ key: String) throws -> Int { try XCTUnwrap(Int(value(key)), "\(path): '\(key)' is not an integer") }
        func double(_ key: String) throws -> Double { try XCTUnwrap(Double(value(key)), "\(path): '\(key)' is not a number") }
        return KerasFixture(
            contents: contents,
            timesteps: try int("timesteps"), features: try int("features"), count: try int("count"),
            batchSize: try int("batch_size"), epochs: try int("epochs"),
            validationSplit: try double("validation_split"), splitIndex: try int("split_index"),
            learningRate: try double("learning_rate"), rho: try double("rho"), epsilon: try double("epsilon"),
            layers: try JSONDecoder().decode([Layer].self, from: Data(value("layers").utf8)),
            weightNames: try JSONDecoder().decode([String].self, from: Data(value("weight_names").utf8)))
    }

    /// The tensor `name`, failing the test with the file's names when it is absent.
    func tensor(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> NamedTensor {
        try XCTUnwrap(contents[name], "fixture has no '\(name)'; it has \(contents.names)", file: file, line: line)
    }
}
