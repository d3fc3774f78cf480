import XCTest
@testable import LSTMCore

/// The GRU's C passes (`gru_kernels.h`, Keras' default: sigmoid, tanh, reset_after), each
/// compiled variant this processor runs, against the Swift passes of `GRUGates` with the
/// same pair: every buffer they write, forward and backward, with a unit count that
/// leaves a tail (H = 13: a vector of 8 and 5 more), with and without products in the
/// blocks and a narrow input folded in. Same formulas, so they differ only by the FMA
/// variant's single roundings: within 2e-6 of values of order one.
final class GRUKernelTests: XCTestCase {
    private let rows = 3, units = 13, features = 2

    /// Random buffers of one step: `[B, 3H]` blocks, `[2, 3H]` bias, x `[B, F]`,
    /// W `[F, 3H]`, `[B, H]` states and gradients.
    private struct Buffers {
        var gates, recurrent, bias, x, kernel, previousHidden, hidden, dHidden, dBias, dKernel: [Float]

        init(rows: Int, units H: Int, features F: Int, seed: UInt64) {
            var values = TestValues(seed: seed)
            gates = values.uniform(rows * 3 * H, -2, 2)
            recurrent = values.uniform(rows * 3 * H, -2, 2)
            bias = values.uniform(6 * H, -0.5, 0.5)
            x = values.uniform(rows * F)
            kernel = values.uniform(F * 3 * H)
            previousHidden = values.uniform(rows * H)
            hidden = [Float](repeating: 0, count: rows * H)
            dHidden = values.uniform(rows * H)
            dBias = values.uniform(6 * H)
            dKernel = values.uniform(F * 3 * H)
        }

        /// Runs `body` with a `GRUGates.Step` over these buffers (the input folded in when `fused`).
        mutating func withStep(fused: Bool, _ body: (GRUGates.Step, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                                                       UnsafeMutablePointer<Float>) -> Void) {
            gates.withUnsafeMutableBufferPointer { g in recurrent.withUnsafeMutableBufferPointer { q in
                x.withUnsafeBufferPointer { x in kernel.withUnsafeBufferPointer { w in
                    previousHidden.withUnsafeBufferPointer { hp in hidden.withUnsafeMutableBufferPointer { h in
                        dHidden.withUnsafeMutableBufferPointer { dh in dBias.withUnsafeMutableBufferPointer { db in
                            dKernel.withUnsafeMutableBufferPointer { dw in
                                let input = fused ? FusedInput(x: x.baseAddress!, kernel: w.baseAddress!, size: 2) : nil
                                body(GRUGates.Step(gates: g.baseAddress!, recurrent: q.baseAddress!,
                                                   previousHidden: hp.baseAddress!, hidden: h.baseAddress!, input: input),
                                     dh.baseAddress!, db.baseAddress!, dw.baseAddress!)
                            }
                        }}
                    }}
                }}
            }}
        }
    }

    func testCompiledPassesMatchTheSwiftPasses() {
        let swiftPair = ConfiguredGates(recurrentActivation: .sigmoid, activation: .tanh)
        for variant in GateKernelVariant.allCases where variant.isSupported {
            for (index, (hasInput, hasRecurrent, fused)) in [(false, false, true), (true, true, false), (false, true, true),
                                                             (true, false, false)].enumerated() {
                let label = "\(variant.name), input products \(hasInput), recurrent products \(hasRecurrent), fused \(fused)"
                var swift = Buffers(rows: rows, units: units, features: features, seed: 200 + UInt64(index))
                var compiled = swift
                let bias = swift.bias
                swift.withStep(fused: fused) { step, _, _, _ in
                    GRUGates.forwardResetAfter(swiftPair, step, hasInputProducts: hasInput, hasRecurrentProducts: hasRecurrent,
                                               bias: bias, rows: 0..<rows, units: units)
                }
                compiled.withStep(fused: fused) { step, _, _, _ in
                    GRUGates.forwardResetAfter(variant, step, hasInputProducts: hasInput, hasRecurrentProducts: hasRecurrent,
                                               bias: bias, rows: 0..<rows, units: units)
                }
                assertClose(compiled.gates, swift.gates, absolute: 2e-6, "\(label): z, r, ĥ")
                assertClose(compiled.recurrent, swift.recurrent, absolute: 2e-6, "\(label): recurrent block")
                assertClose(compiled.hidden, swift.hidden, absolute: 2e-6, "\(label): h")

                swift.withStep(fused: fused) { step, dh, db, dw in
                    GRUGates.backwardResetAfter(swiftPair, step, dHidden: dh, dBias: db, dKernel: dw, rows: 0..<rows, units: units)
                }
                compiled.withStep(fused: fused) { step, dh, db, dw in
                    GRUGates.backwardResetAfter(variant, step, dHidden: dh, dBias: db, dKernel: dw, rows: 0..<rows, units: units)
                }
                for (name, c, s) in [("input side's dz", compiled.gates, swift.gates),
                                     ("recurrent side's dz", compiled.recurrent, swift.recurrent),
                                     ("dh ⊙ z", compiled.dHidden, swift.dHidden), ("db", compiled.dBias, swift.dBias),
                                     ("dW", compiled.dKernel, swift.dKernel)] {
                    assertClose(c, s, absolute: 2e-6, "\(label): \(name)")
                }
                if !fused {
                    let untouched = Buffers(rows: rows, units: units, features: features, seed: 200 + UInt64(index)).dKernel
                    XCTAssertEqual(compiled.dKernel, untouched, "\(label): dW is left alone without a folded input")
                }
            }
        }
    }
}
