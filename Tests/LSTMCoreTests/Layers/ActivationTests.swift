import Foundation
import XCTest
@testable import LSTMCore

/// The vectorised activations against Foundation's libm, and their derivatives
/// against central differences.
final class ActivationTests: XCTestCase {
    /// x from -100 to 100 in steps of 1/64, plus some tiny and huge magnitudes.
    private let inputs: [Float] = stride(from: -100.0, through: 100.0, by: 1.0 / 64).map { Float($0) }
        + [1e-30, -1e-30, 1e-10, -1e-6, 3e-4, 0.624, 0.626, -0.6249, 1e4, -1e4, 1e30, -1e30, 0]

    func testExpMatchesLibmToTwoPartsPerMillion() {
        var worst = 0.0
        for x in inputs where x >= -87 && x <= 88 {
            let observed = Double(VectorMath.exp(FloatVector(repeating: x))[0])
            let expected = Foundation.exp(Double(x))
            worst = max(worst, abs(observed - expected) / expected)
        }
        XCTAssertLessThan(worst, 1e-6, "largest relative error of exp over [-87, 88]")
    }

    func testSigmoidAndTanhMatchLibm() {
        var worstSigmoid = 0.0, worstSigmoidAbsolute = 0.0, worstTanh = 0.0
        for x in inputs {
            let sigmoid = Double(Activation.sigmoid.apply(x))
            let expectedSigmoid = 1 / (1 + Foundation.exp(-Double(x)))
            // Relative error while σ is a normal float (x ≥ -87); absolute everywhere.
            if x >= -87 { worstSigmoid = max(worstSigmoid, abs(sigmoid - expectedSigmoid) / expectedSigmoid) }
            worstSigmoidAbsolute = max(worstSigmoidAbsolute, abs(sigmoid - expectedSigmoid))
            let tanh = Double(Activation.tanh.apply(x))
            let expectedTanh = Foundation.tanh(Double(x))
            worstTanh = max(worstTanh, abs(tanh - expectedTanh) / max(abs(expectedTanh), 1e-38))
        }
        XCTAssertLessThan(worstSigmoid, 1e-6, "largest relative error of sigmoid for x ≥ -87")
        XCTAssertLessThan(worstSigmoidAbsolute, 1e-7, "largest absolute error of sigmoid")
        XCTAssertLessThan(worstTanh, 1e-6, "largest relative error of tanh")
    }

    func testNoInfinityOrNaNForHugeInputs() {
        for x: Float in [1e30, -1e30, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, 89, -89, 200] {
            for activation in Activation.allCases {
                let y = activation.apply(x)
                if activation == .linear || activation == .relu { continue }
                XCTAssertTrue(y.isFinite, "\(activation)(\(x)) = \(y)")
            }
        }
        XCTAssertEqual(Activation.sigmoid.apply(Float(1e30)), 1)
        XCTAssertEqual(Activation.tanh.apply(Float(-1e30)), -1)
        XCTAssertEqual(Double(Activation.sigmoid.apply(Float(-1e30))), 0, accuracy: 1e-37)
    }

    func testHardSigmoidIsKeras3() {
        // Keras 3: clip(x / 6 + 0.5, 0, 1).
        let cases: [(Float, Float)] = [(-4, 0), (-3, 0), (-1.5, 0.25), (0, 0.5), (1.2, 0.7), (3, 1), (10, 1)]
        for (x, expected) in cases {
            XCTAssertEqual(Activation.hardSigmoid.apply(x), expected, accuracy: 1e-7, "hard_sigmoid(\(x))")
        }
    }

    func testReluAndLinear() {
        XCTAssertEqual(Activation.relu.apply(Float(-2)), 0)
        XCTAssertEqual(Activation.relu.apply(Float(2.5)), 2.5)
        XCTAssertEqual(Activation.linear.apply(Float(-2.5)), -2.5)
    }

    func testBufferApplyHandlesTailsLikeScalar() {
        var values = TestValues(seed: 4)
        for activation in Activation.allCases {
            let x = values.uniform(19, -5, 5)
            var y = x
            y.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
            assertClose(y, x.map { activation.apply($0) }, absolute: 0, "\(activation) over a buffer of 19")
        }
    }

    func testDerivativesFromOutputsMatchCentralDifferences() {
        let h = 1e-3
        for activation in Activation.allCases {
            for x in stride(from: -4.9, through: 4.9, by: 0.37) {
                // Skip the kinks of relu (0) and hard_sigmoid (±3).
                if abs(x) < 2 * h || abs(abs(x) - 3) < 2 * h { continue }
                let y = activation.apply(Float(x))
                let numeric = (Double(activation.apply(Float(x + h))) - Double(activation.apply(Float(x - h)))) / (2 * h)
                let analytic = Double(activation.derivative(output: y))
                XCTAssertEqual(analytic, numeric, accuracy: 2e-3, "\(activation)'(\(x))")
            }
        }
    }
}
