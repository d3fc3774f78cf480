import ArgumentParser
import Foundation
import LSTMCore

extension RecurrentProduct: ExpressibleByArgument {}
extension BenchmarkLayer: ExpressibleByArgument {}

/// `lesson bench`: times the seed configuration's fit and forecast through the same
/// code `lesson run` uses, against the sgemm rate measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the sine lesson's epoch and forecast (LSTM, GRU or SimpleRNN) against this machine's sgemm rate.")

    @Option(help: "Epochs to time (the median is reported).")
    var epochs = 3

    @Option(help: "Threads for the numerics (default: the number of cores).")
    var threads: Int?

    @Option(help: "The recurrent layer: lstm, gru or simple_rnn (300 units each).")
    var layer = BenchmarkLayer.lstm

    @Option(help: "The recurrent step's matrix products: openblas, avx2 or avx512 (default: the fastest this processor runs).")
    var products: RecurrentProduct?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        if epochs < 1 || epochs > 1000 { throw ValidationError("--epochs must be from 1 to 1000") }
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be from 1 to 256") }
        if let products, !products.isSupported {
            throw ValidationError("--products \(products.rawValue): this processor cannot run the \(products.name) "
                                  + "kernel; try --products \(RecurrentProduct.best.rawValue)")
        }
    }

    func run() throws {
        try reportingErrors {
            let count = threads ?? ProcessInfo.processInfo.activeProcessorCount
            let report = try runBenchmark(epochs: epochs, threads: count, layer: layer, products: products ?? .best, progress: json ? nil : { print($0) })
            if json {
                func number(_ x: Double) -> String { x.isFinite ? String(x) : "null" }
                let fields: [(String, String)] = [
                    ("epoch_seconds", number(report.epochSeconds)), ("gflops", number(report.gflops)),
                    ("sgemm_gflops", number(report.sgemmGflops)), ("ratio", number(report.ratio)),
                    ("best_ratio", number(report.bestRatio)),
                    ("forecast_seconds", number(report.forecastSeconds)), ("peak_rss_mb", number(report.peakRSSMB)),
                    ("epoch_gflop", number(report.epochGflop)), ("threads", String(report.threads)), ("epochs", String(report.epochs)),
                ]
                print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            } else {
                print(String(format: "epoch: %.3f s (median of %d), %.1f GFLOP/s", report.epochSeconds, report.epochs, report.gflops))
                print(String(format: "sgemm: %.1f GFLOP/s; ratio to the sgemm floor: %.2f", report.sgemmGflops, report.ratio))
                // On a shared machine the least disturbed pair says more than the medians.
                print(String(format: "fastest epoch %.3f s, fastest sgemm %.1f GFLOP/s; their ratio: %.2f",
                             report.bestEpochSeconds, report.bestSgemmGflops, report.bestRatio))
                print(String(format: "forecast (200 steps): %.3f s", report.forecastSeconds))
                print(String(format: "peak RSS: %.0f MB; threads: %d", report.peakRSSMB, report.threads))
            }
        }
    }
}
