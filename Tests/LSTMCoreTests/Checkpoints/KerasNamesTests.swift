import XCTest
@testable import LSTMCore

final class KerasNamesTests: XCTestCase {
    /// Paths as Keras 3.15 prints them for `Sequential` models (`variable.path`).
    func testKeras3PathsMapToCheckpointNames() {
        let cases: [(String, String?)] = [
            ("sequential/lstm/lstm_cell/kernel", "lstm/kernel"),
            ("sequential/lstm/lstm_cell/recurrent_kernel", "lstm/recurrent_kernel"),
            ("sequential/lstm/lstm_cell/bias", "lstm/bias"),
            ("sequential/lstm_1/lstm_cell/kernel", "lstm_1/kernel"),
            ("sequential_1/lstm_2/lstm_cell/recurrent_kernel", "lstm_2/recurrent_kernel"),
            ("lstm/lstm_cell/kernel", "lstm/kernel"),
            ("lstm_1/lstm_cell/bias", "lstm_1/bias"),
            ("sequential/dense/kernel", "dense/kernel"),
            ("sequential/dense_1/bias", "dense_1/bias"),
            ("dense/kernel", "dense/kernel"),
            ("lstm/recurrent_kernel", "lstm/recurrent_kernel"),
            ("sequential/gru/gru_cell/kernel", "gru/kernel"),
            ("sequential/gru_1/gru_cell/bias", "gru_1/bias"),
            ("sequential/simple_rnn/simple_rnn_cell/recurrent_kernel", "simple_rnn/recurrent_kernel"),
            ("sequential/simple_rnn_2/simple_rnn_cell/bias", "simple_rnn_2/bias"),
            ("gru/bias", "gru/bias"),
            // TensorFlow / Keras 2 spellings.
            ("dense/kernel:0", "dense/kernel"),
            ("lstm_1/lstm_cell_1/kernel:0", "lstm_1/kernel"),
            // Not weights we know.
            ("sequential/dense/recurrent_kernel", nil),
            ("sequential/conv2d/kernel", nil),
            ("lstm_cell/kernel", nil),
            ("sequential/lstmx/lstm_cell/kernel", nil),
            ("sequential/lstm_a/kernel", nil),
            ("sequential/gru/lstm_cell/kernel", nil),
            ("sequential/simple_rnn/simple_rnn_cell_x/kernel", nil),
            ("optimizer/lstm/kernel/velocity", nil),
            ("kernel", nil),
            ("", nil),
        ]
        for (path, expected) in cases {
            XCTAssertEqual(KerasNames.checkpointName(forKerasPath: path), expected, "path '\(path)'")
        }
    }

    func testRenamingKeepsOtherNamesAndRejectsCollisions() throws {
        let kernel = NamedTensor(name: "sequential/lstm/lstm_cell/kernel", shape: [1], values: [1])
        let velocity = NamedTensor(name: "optimizer/lstm/kernel/velocity", shape: [1], values: [2])
        let renamed = try KerasNames.renamingKerasPaths([kernel, velocity], path: "w.safetensors")
        XCTAssertEqual(renamed.map(\.name), ["lstm/kernel", "optimizer/lstm/kernel/velocity"])
        XCTAssertEqual(renamed.map(\.values), [[1], [2]])
        let ours = NamedTensor(name: "lstm/kernel", shape: [1], values: [3])
        XCTAssertThrowsError(try KerasNames.renamingKerasPaths([ours, kernel], path: "w.safetensors")) { error in
            XCTAssertEqual("\(error)", "w.safetensors: tensors 'lstm/kernel' and 'sequential/lstm/lstm_cell/kernel' both name the weight 'lstm/kernel'; keep one of them")
        }
    }
}
