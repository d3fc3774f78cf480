import Foundation
@testable import Plot
import XCTest

/// A fixed chart must keep producing exactly the same pixels. The hash was recorded
/// from the program's own output, so it catches change, not error;
/// `GoldenImageOracleTests` checks that the same chart shows its data correctly.
/// If a change to the drawing is intended, look at the new image (the test writes it
/// when it fails), then re-record: run the test, copy the "observed" hash from the
/// failure message into `expectedHash`, and say why in the commit message.
final class GoldenImageTests: XCTestCase {
    static let expectedHash: UInt64 = 0x8786480aa5098630

    /// FNV-1a, 64 bit, over the RGBA bytes.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Arithmetic only (no libm in the data): a triangle wave in [−1, 1] and a parabola,
    /// a NaN gap at step 120, a context series and a legend.
    static let steps = Array(100..<180)
    static let truth = steps.map { step -> Double in
        let phase = Double(step % 20) / 20
        return phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase
    }
    static let prediction = steps.map { step -> Double in
        let t = Double(step - 140) / 40
        return step == 120 ? .nan : 0.9 - 1.6 * t * t
    }
    static let context = (steps: Array(80..<100), values: (80..<100).map { Double($0 % 7) / 7 - 0.5 })

    static func goldenChart() throws -> LineChart {
        try predictionChart(steps: steps, truth: truth, prediction: prediction, context: context,
                            title: "Golden chart", rmse: 0.5)
    }

    func testGoldenChartPixelsAreUnchanged() throws {
        let canvas = try Self.goldenChart().render()
        let observed = Self.fnv1a(canvas.pixels)
        if observed != Self.expectedHash {
            let path = NSTemporaryDirectory() + "golden-observed.png"
            try? PNGWriter.write(canvas, to: path)
            XCTFail("golden hash: expected 0x\(String(Self.expectedHash, radix: 16)), observed 0x\(String(observed, radix: 16)); image written to \(path)")
        }
    }

    func testHashDetectsAOnePixelChange() throws {
        var canvas = try Self.goldenChart().render()
        let before = Self.fnv1a(canvas.pixels)
        canvas.blend(x: 600, y: 300, color: .black, coverage: 0.1)
        XCTAssertNotEqual(before, Self.fnv1a(canvas.pixels))
    }
}
