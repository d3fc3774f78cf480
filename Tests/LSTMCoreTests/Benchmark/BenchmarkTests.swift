import Foundation
import XCTest
@testable import LSTMCore

/// The release benchmark, run only on request (it takes tens of seconds):
/// `LESSON_BENCH=3 swift test -c release --filter BenchmarkTests` (`LESSON_BENCH_LAYER=gru`
/// or `simple_rnn` for the other kinds).
final class BenchmarkTests: XCTestCase {
    func testSeedConfigurationBenchmark() throws {
        guard let text = ProcessInfo.processInfo.environment["LESSON_BENCH"], let epochs = Int(text) else {
            throw XCTSkip("set LESSON_BENCH=<epochs> to run the benchmark")
        }
        let threads = ProcessInfo.processInfo.environment["LESSON_BENCH_THREADS"].flatMap(Int.init) ?? 2
        let layer = ProcessInfo.processInfo.environment["LESSON_BENCH_LAYER"].flatMap(BenchmarkLayer.init) ?? .lstm
        let report = try runBenchmark(epochs: epochs, threads: threads, layer: layer) { print($0) }
        print(String(format: "median: epoch %.3f s, %.1f GFLOP/s, sgemm %.1f GFLOP/s, ratio %.3f", report.epochSeconds,
                     report.gflops, report.sgemmGflops, report.ratio))
        print(String(format: "best: epoch %.3f s, sgemm %.1f GFLOP/s, ratio %.3f; forecast %.3f s, peak %.0f MB (%.1f GFLOP/epoch)",
                     report.bestEpochSeconds, report.bestSgemmGflops, report.bestRatio,
                     report.forecastSeconds, report.peakRSSMB, report.epochGflop))
    }

    func testEpochFlopsOfTheSeedConfiguration() {
        // 58 MFLOP forward a window (docs/performance.md); 2744 train × 3 + 1176 validation ≈ 544 GFLOP.
        let architecture = Architecture(timesteps: 80, features: 1, layers: [
            .lstm(LSTMLayerConfig(units: 300)), .dense(DenseLayerConfig(units: 1)),
        ])
        let flops = epochFlops(architecture, trainCount: 2744, validationCount: 1176)
        let lstmFlops: Double = 2 * 80 * (1 * 1200 + 300 * 1200)
        let perWindow: Double = lstmFlops + 2 * 300
        XCTAssertEqual(flops, perWindow * Double(3 * 2744 + 1176))
        XCTAssertEqual(flops / 1e9, 544, accuracy: 1, "GFLOP an epoch")
    }

    /// A GRU counts three gates, a SimpleRNN one: `2·T·(in·gH + H·gH)` a window forward.
    func testEpochFlopsOfTheOtherKinds() {
        for (layer, gates) in [(LayerConfig.gru(GRULayerConfig(units: 300)), 3.0),
                               (.simpleRNN(SimpleRNNLayerConfig(units: 300)), 1.0)] {
            let architecture = Architecture(timesteps: 80, features: 1, layers: [layer, .dense(DenseLayerConfig(units: 1))])
            let perWindow = 2 * 80 * (1 * gates * 300 + 300 * gates * 300) + 2 * 300
            XCTAssertEqual(epochFlops(architecture, trainCount: 2744, validationCount: 1176),
                           perWindow * Double(3 * 2744 + 1176), layer.kind)
        }
    }
}
