import XCTest
@testable import LSTMCore

/// The GRU's and SimpleRNN's backward against central differences, for every parameter
/// tensor and the input, by `GradientCheckTests.checkGradients` (step 1e-2, tolerance
/// 2e-4 + 2e-3·|numeric|).
extension GradientCheckTests {
    /// reset_after (bias [2, 3H]), 11 units (a full vector of 8 lanes and a tail of 3),
    /// two features folded into the gate pass, with each compilation of the C passes
    /// this processor runs.
    func testGRUResetAfter() throws {
        for variant in GateKernelVariant.allCases where variant.isSupported {
            try checkGradients(Architecture(timesteps: 5, features: 2, layers: [
                .gru(GRULayerConfig(units: 11)), .dense(DenseLayerConfig(units: 1)),
            ]), count: 3, seed: 31, gateKernels: variant)
        }
    }

    /// The reset before the product (bias [3H]), six features (a matrix product).
    func testGRUResetBeforeWithAWideInput() throws {
        try checkGradients(Architecture(timesteps: 5, features: 6, layers: [
            .gru(GRULayerConfig(units: 5, resetAfter: false)), .dense(DenseLayerConfig(units: 1)),
        ]), count: 3, seed: 32)
    }

    /// Other activations than Keras' pair run the configured passes, in both variants.
    func testGRUOtherActivations() throws {
        for (offset, resetAfter) in [true, false].enumerated() {
            try checkGradients(Architecture(timesteps: 4, features: 1, layers: [
                .gru(GRULayerConfig(units: 4, activation: .sigmoid, recurrentActivation: .hardSigmoid,
                                    resetAfter: resetAfter)),
                .dense(DenseLayerConfig(units: 1)),
            ]), count: 3, seed: 33 + UInt64(offset))
        }
    }

    func testSimpleRNNNarrowAndWideInputs() throws {
        for (offset, features) in [1, 6].enumerated() {
            try checkGradients(Architecture(timesteps: 6, features: features, layers: [
                .simpleRNN(SimpleRNNLayerConfig(units: 9)), .dense(DenseLayerConfig(units: 1)),
            ]), count: 3, seed: 35 + UInt64(offset))
        }
    }

    func testSimpleRNNOtherActivation() throws {
        try checkGradients(Architecture(timesteps: 4, features: 2, layers: [
            .simpleRNN(SimpleRNNLayerConfig(units: 4, activation: .sigmoid)), .dense(DenseLayerConfig(units: 1)),
        ]), count: 3, seed: 37)
    }

    /// Every kind stacked with return_sequences (each passes its input gradient down), on
    /// a batch large enough that the recurrent products run on packed panels where the
    /// processor has them (every thread gets 16 rows and more).
    func testStackedKindsOnPackedRecurrentProducts() throws {
        for (offset, resetAfter) in [true, false].enumerated() {
            try checkGradients(Architecture(timesteps: 4, features: 1, layers: [
                .lstm(LSTMLayerConfig(units: 3, returnSequences: true)),
                .gru(GRULayerConfig(units: 5, resetAfter: resetAfter, returnSequences: true)),
                .simpleRNN(SimpleRNNLayerConfig(units: 6, returnSequences: true)),
                .gru(GRULayerConfig(units: 3, resetAfter: !resetAfter)),
                .dense(DenseLayerConfig(units: 1)),
            ]), count: 16 * BLAS.threads + 3, seed: 38 + UInt64(offset))
        }
    }
}
