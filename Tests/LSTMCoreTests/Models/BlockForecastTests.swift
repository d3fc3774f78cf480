import XCTest
@testable import LSTMCore

final class BlockForecastTests: XCTestCase {
    /// The loop the forecast replaces, written out: rows of history + forecast, the last
    /// T rows as the window, H rows of the predicted columns from each call, the known
    /// columns copied from `known`.
    private func naiveForecast(_ model: Sequential, seed: [[Float]], known: [[Float]], predicted: [Int], horizon: Int,
                               steps: Int) throws -> [[Float]] {
        var rows = seed
        var answers: [[Float]] = []
        let T = seed.count, k = predicted.count
        while answers.count < steps {
            let window = Array(rows.suffix(T)).flatMap { $0 }
            let block = try model.predict(window, count: 1)
            for h in 0..<horizon where answers.count < steps {
                var row = known[answers.count]
                var answer: [Float] = []
                for (c, column) in predicted.enumerated() {
                    row[column] = block[h * k + c]
                    answer.append(block[h * k + c])
                }
                rows.append(row)
                answers.append(answer)
            }
        }
        return answers
    }

    private func model(features: Int, outputs: Int, seed: UInt64 = 4) throws -> Sequential {
        var random = InitializerRandom(seed: seed)
        return try Sequential(Architecture(timesteps: 5, features: features, layers: [
            .lstm(LSTMLayerConfig(units: 6, biasInitializer: .constant(0.1))), .dense(DenseLayerConfig(units: outputs)),
        ]), random: &random)
    }

    /// Rows (sin, cos, t/10) of 5 + steps steps.
    private func rows(_ count: Int) -> [[Float]] {
        (0..<count).map { t in [Float(sin(Double(t) / 3)), Float(cos(Double(t) / 4)), Float(t) / 10] }
    }

    func testKnownColumnsAndHorizonMatchTheNaiveLoop() throws {
        // Columns 0 and 2 predicted (in the order 2, 0), column 1 known; 3 steps a call, 11 steps: the last block cut to 2.
        let net = try model(features: 3, outputs: 6)
        let all = rows(16)
        let seed = Array(all[0..<5]), known = Array(all[5..<16])
        let fast = try net.forecast(seed: seed.flatMap { $0 }, known: known.flatMap { $0 }, predicted: [2, 0], horizon: 3,
                                    steps: 11)
        let slow = try naiveForecast(net, seed: seed, known: known, predicted: [2, 0], horizon: 3, steps: 11)
        XCTAssertEqual(fast.count, 22)
        assertClose(fast, slow.flatMap { $0 }, absolute: 0, "block forecast vs the naive loop, known column 1")
        // The known column matters: other known values give another forecast.
        let shifted = known.map { [$0[0], $0[1] + 1, $0[2]] }.flatMap { $0 }
        let other = try net.forecast(seed: seed.flatMap { $0 }, known: shifted, predicted: [2, 0], horizon: 3, steps: 11)
        XCTAssertGreaterThan(zip(other, fast).map { abs($0 - $1) }.max() ?? 0, 1e-4)
    }

    func testEveryColumnFedBackMatchesThePipelinedForecast() throws {
        // H = 1 and every column predicted: the seed's pipelined forecast computes the same.
        let net = try model(features: 3, outputs: 3)
        let seed = rows(5).flatMap { $0 }
        let blocks = try net.forecast(seed: seed, known: [Float](repeating: 0, count: 9 * 3), predicted: [0, 1, 2],
                                      horizon: 1, steps: 9)
        let pipelined = try net.forecast(seed: seed, steps: 9)
        assertClose(blocks, pipelined, absolute: 1e-6, relative: 1e-5, "one call a step vs the pipelined forecast")
    }

    func testShapesAreChecked() throws {
        let net = try model(features: 3, outputs: 4)
        let seed = rows(5).flatMap { $0 }
        XCTAssertThrowsError(try net.forecast(seed: seed, known: [Float](repeating: 0, count: 6), predicted: [0], horizon: 3,
                                              steps: 2)) { error in
            XCTAssertTrue("\(error)".contains("end it with dense(units: 3)"), "\(error)")
        }
        XCTAssertThrowsError(try net.forecast(seed: seed, known: [Float](repeating: 0, count: 3), predicted: [0, 0], horizon: 2,
                                              steps: 1))
        XCTAssertThrowsError(try net.forecast(seed: seed, known: [Float](repeating: 0, count: 5), predicted: [0, 1], horizon: 2,
                                              steps: 2))
        XCTAssertEqual(try net.forecast(seed: seed, known: [], predicted: [0, 1], horizon: 2, steps: 0), [])
        var asked = 0
        XCTAssertThrowsError(try net.forecast(seed: seed, known: [Float](repeating: 0, count: 30), predicted: [0, 1], horizon: 2,
                                              steps: 10, shouldStop: { asked += 1; return asked > 2 })) { error in
            XCTAssertEqual(error as? ForecastStopped, ForecastStopped(predicted: 4))
        }
    }
}
