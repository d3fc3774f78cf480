import Foundation
import XCTest
@testable import LSTMCore

/// The C gate kernels (`LSTMKernels`), each compiled variant this processor runs,
/// against libm in Double: the activations alone, and whole forward and backward
/// steps with a unit count that leaves a tail (H = 13: one full vector of 8 and 5
/// more) and a small input folded in.
final class GateKernelTests: XCTestCase {
    private var variants: [GateKernelVariant] { GateKernelVariant.allCases.filter(\.isSupported) }

    func testBaselineIsAlwaysAvailableAndBestIsSupported() {
        XCTAssertTrue(GateKernelVariant.baseline.isSupported)
        XCTAssertTrue(GateKernelVariant.best.isSupported)
        print("gate kernels: best variant on this processor is \(GateKernelVariant.best)")
    }

    func testSigmoidAndTanhMatchLibmToOnePartPerMillion() {
        // -100…100 in steps of 1/64, plus tiny and huge magnitudes; 16 017 values, so every lane and a tail.
        let x: [Float] = stride(from: -100.0, through: 100.0, by: 1.0 / 64).map { Float($0) }
            + [1e-30, -1e-30, 1e-10, -1e-6, 3e-4, 0.624, 0.626, -0.6249, 1e4, -1e4, 1e30, -1e30, 0]
        for variant in variants {
            let sigmoid = variant.sigmoid(x), tanh = variant.tanh(x)
            var worstSigmoid = 0.0, worstSigmoidAbsolute = 0.0, worstTanh = 0.0
            for (k, value) in x.enumerated() {
                let v = Double(value)
                let expectedSigmoid = 1 / (1 + Foundation.exp(-v))
                if value >= -87 { worstSigmoid = max(worstSigmoid, abs(Double(sigmoid[k]) - expectedSigmoid) / expectedSigmoid) }
                worstSigmoidAbsolute = max(worstSigmoidAbsolute, abs(Double(sigmoid[k]) - expectedSigmoid))
                let expectedTanh = Foundation.tanh(v)
                worstTanh = max(worstTanh, abs(Double(tanh[k]) - expectedTanh) / max(abs(expectedTanh), 1e-38))
            }
            print("\(variant): sigmoid relative \(worstSigmoid), absolute \(worstSigmoidAbsolute); tanh relative \(worstTanh)")
            XCTAssertLessThan(worstSigmoid, 1e-6, "\(variant): largest relative error of sigmoid for x ≥ -87")
            XCTAssertLessThan(worstSigmoidAbsolute, 1e-7, "\(variant): largest absolute error of sigmoid")
            XCTAssertLessThan(worstTanh, 1e-6, "\(variant): largest relative error of tanh")
        }
    }

    func testSaturationIsExactAndHugeInputsStayFinite() {
        let huge: [Float] = [1e30, -1e30, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 89, -89, 200, -200, 10, -10]
        for variant in variants {
            let sigmoid = variant.sigmoid(huge), tanh = variant.tanh(huge)
            for (k, x) in huge.enumerated() {
                XCTAssertTrue(sigmoid[k].isFinite && sigmoid[k] >= 0 && sigmoid[k] <= 1, "\(variant): σ(\(x)) = \(sigmoid[k])")
                XCTAssertEqual(tanh[k], x > 0 ? 1 : -1, "\(variant): tanh(\(x)) is exactly ±1")
                if x >= 89 { XCTAssertEqual(sigmoid[k], 1, "\(variant): σ(\(x)) is exactly 1") }
                if x <= -89 { XCTAssertLessThan(sigmoid[k], 1e-37, "\(variant): σ(\(x)) is 0 to float precision") }
            }
            // A NaN stays a NaN (a diverged model must show a NaN loss, not a finite one).
            XCTAssertTrue(variant.sigmoid([.nan])[0].isNaN, "\(variant): σ(NaN)")
            XCTAssertTrue(variant.tanh([.nan])[0].isNaN, "\(variant): tanh(NaN)")
        }
    }

    func testForwardStepMatchesLibm() {
        for hasProducts in [false, true] {
            let reference = Step(seed: 1)
            let expected = reference.forwardReference(hasProducts: hasProducts)
            for variant in variants {
                let observed = Step(seed: 1)
                observed.runForward(.sigmoidTanh(variant), hasProducts: hasProducts)
                let label = "\(variant), products \(hasProducts)"
                // Outputs are O(1); each is a few float roundings away from the Double value.
                assertClose(observed.gates, expected.gates, absolute: 2e-6, "\(label): i, f, g, o")
                assertClose(observed.cell, expected.cell, absolute: 2e-6, "\(label): c")
                assertClose(observed.cellActivation, expected.cellActivation, absolute: 2e-6, "\(label): tanh(c)")
                assertClose(observed.hidden, expected.hidden, absolute: 2e-6, "\(label): h")
                // Rows outside the range are left alone.
                XCTAssertEqual(Array(observed.hidden.prefix(Step.H)), [Float](repeating: -7, count: Step.H), "\(label): row 0")
            }
        }
    }

    func testBackwardStepMatchesDoubleReference() {
        let reference = Step(seed: 2)
        let expected = reference.backwardReference()
        for variant in variants {
            let observed = Step(seed: 2)
            observed.runBackward(.sigmoidTanh(variant))
            assertClose(observed.gates, expected.gates, absolute: 2e-6, "\(variant): dz")
            assertClose(observed.dCell, expected.dCell, absolute: 2e-6, "\(variant): dc₋₁")
            assertClose(observed.dBias, expected.dBias, absolute: 1e-5, "\(variant): db")
            assertClose(observed.dKernel, expected.dKernel, absolute: 1e-5, "\(variant): dW")
        }
    }

    /// The C kernels and the Swift passes (`LSTMGates` with sigmoid and tanh chosen at
    /// run time) compute the same formulas.
    func testKernelsAgreeWithTheSwiftPasses() {
        let swift = GatePass.configured(ConfiguredGates(recurrentActivation: .sigmoid, activation: .tanh))
        let expected = Step(seed: 3)
        expected.runForward(swift, hasProducts: true)
        let expectedBackward = Step(seed: 4)
        expectedBackward.runBackward(swift)
        for variant in variants {
            let observed = Step(seed: 3)
            observed.runForward(.sigmoidTanh(variant), hasProducts: true)
            assertClose(observed.hidden, expected.hidden, absolute: 1e-6, "\(variant) vs Swift: h")
            assertClose(observed.gates, expected.gates, absolute: 1e-6, "\(variant) vs Swift: gates")
            let observedBackward = Step(seed: 4)
            observedBackward.runBackward(.sigmoidTanh(variant))
            assertClose(observedBackward.gates, expectedBackward.gates, absolute: 1e-6, "\(variant) vs Swift: dz")
            assertClose(observedBackward.dKernel, expectedBackward.dKernel, absolute: 1e-5, "\(variant) vs Swift: dW")
        }
    }

    /// One step's buffers for B = 4 rows of which rows 1..<4 are processed, H = 13, 2 input features.
    private final class Step {
        static let B = 4, H = 13, F = 2
        static let rows = 1..<4
        var gates: [Float], bias: [Float], x: [Float], kernel: [Float], previousCell: [Float]
        var cell: [Float], cellActivation: [Float], hidden: [Float]
        var dHidden: [Float], dCell: [Float], dBias: [Float], dKernel: [Float]

        init(seed: UInt64) {
            let B = Step.B, H = Step.H, G = 4 * H, F = Step.F
            var values = TestValues(seed: seed)
            gates = values.uniform(B * G, -3, 3)
            bias = values.uniform(G, -0.5, 0.5)
            x = values.uniform(B * F, -1, 1)
            kernel = values.uniform(F * G, -1, 1)
            previousCell = values.uniform(B * H, -2, 2)
            cell = [Float](repeating: -7, count: B * H)
            cellActivation = cell
            hidden = cell
            dHidden = values.uniform(B * H, -1, 1)
            dCell = values.uniform(B * H, -1, 1)
            dBias = values.uniform(G, -0.1, 0.1)
            dKernel = values.uniform(F * G, -0.1, 0.1)
            // Backward reads activated gates in (0, 1) and (-1, 1), and tanh(c) in (-1, 1).
            for k in 0..<(B * G) where (k % G) / H != 2 { gates[k] = (gates[k] + 3) / 6 }
            for k in 0..<(B * H) { cellActivation[k] = previousCell[k] / 2 }
        }

        func runForward(_ pass: GatePass, hasProducts: Bool) {
            cellActivation = [Float](repeating: -7, count: Step.B * Step.H)
            x.withUnsafeBufferPointer { x in
                kernel.withUnsafeBufferPointer { w in
                    pass.forward(gates: &gates, hasProducts: hasProducts, bias: bias,
                                 input: FusedInput(x: x.baseAddress!, kernel: w.baseAddress!, size: Step.F),
                                 previousCell: previousCell, cell: &cell, cellActivation: &cellActivation,
                                 hidden: &hidden, rows: Step.rows, units: Step.H)
                }
            }
        }

        func runBackward(_ pass: GatePass) {
            x.withUnsafeBufferPointer { x in
                kernel.withUnsafeBufferPointer { w in
                    pass.backward(gates: &gates, previousCell: previousCell, cellActivation: cellActivation,
                                  dHidden: dHidden, dCell: &dCell, dBias: &dBias,
                                  input: FusedInput(x: x.baseAddress!, kernel: w.baseAddress!, size: Step.F),
                                  dKernel: &dKernel, rows: Step.rows, units: Step.H)
                }
            }
        }

        /// The forward formulas in Double with libm's exp and tanh.
        func forwardReference(hasProducts: Bool) -> (gates: [Float], cell: [Float], cellActivation: [Float], hidden: [Float]) {
            let H = Step.H, G = 4 * H, F = Step.F
            var gates = self.gates, cell = self.cell, hidden = self.hidden
            var cellActivation = [Float](repeating: -7, count: Step.B * H)
            func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
            for r in Step.rows {
                for j in 0..<H {
                    var z = [Double](repeating: 0, count: 4)
                    for gate in 0..<4 {
                        let k = gate * H + j
                        z[gate] = Double(bias[k]) + (hasProducts ? Double(self.gates[r * G + k]) : 0)
                        for f in 0..<F { z[gate] += Double(x[r * F + f]) * Double(kernel[f * G + k]) }
                    }
                    let i = sigmoid(z[0]), f = sigmoid(z[1]), g = Foundation.tanh(z[2]), o = sigmoid(z[3])
                    let c = f * Double(previousCell[r * H + j]) + i * g
                    for (gate, value) in [i, f, g, o].enumerated() { gates[r * G + gate * H + j] = Float(value) }
                    cell[r * H + j] = Float(c)
                    cellActivation[r * H + j] = Float(Foundation.tanh(c))
                    hidden[r * H + j] = Float(o * Foundation.tanh(c))
                }
            }
            return (gates, cell, cellActivation, hidden)
        }

        /// The backward formulas in Double.
        func backwardReference() -> (gates: [Float], dCell: [Float], dBias: [Float], dKernel: [Float]) {
            let H = Step.H, G = 4 * H, F = Step.F
            var dz = gates, dCellOut = dCell
            var dBias = self.dBias.map(Double.init), dKernel = self.dKernel.map(Double.init)
            for r in Step.rows {
                for j in 0..<H {
                    func gate(_ n: Int) -> Double { Double(gates[r * G + n * H + j]) }
                    let (i, f, g, o) = (gate(0), gate(1), gate(2), gate(3))
                    let s = r * H + j
                    let a = Double(cellActivation[s]), dh = Double(dHidden[s])
                    let dc = Double(dCell[s]) + dh * o * (1 - a * a)
                    dCellOut[s] = Float(dc * f)
                    let d = [dc * g * i * (1 - i), dc * Double(previousCell[s]) * f * (1 - f),
                             dc * i * (1 - g * g), dh * a * o * (1 - o)]
                    for n in 0..<4 {
                        dz[r * G + n * H + j] = Float(d[n])
                        dBias[n * H + j] += d[n]
                        for feature in 0..<F { dKernel[feature * G + n * H + j] += Double(x[r * F + feature]) * d[n] }
                    }
                }
            }
            return (dz, dCellOut, dBias.map { Float($0) }, dKernel.map { Float($0) })
        }
    }
}
