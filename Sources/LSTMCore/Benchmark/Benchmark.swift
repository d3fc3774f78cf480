import Foundation

/// Floating-point operations (multiply and add counted apart) of one epoch:
/// per window forward `2·T·(in·gH + H·gH)` for each recurrent layer of g gates (LSTM 4,
/// GRU 3, SimpleRNN 1) plus `2·in·units` for each dense, backward twice the forward,
/// validation forward only.
public func epochFlops(_ architecture: Architecture, trainCount: Int, validationCount: Int) -> Double {
    let T = Double(architecture.timesteps)
    var inputSize = Double(architecture.features)
    var forward = 0.0
    for layer in architecture.layers {
        let units = Double(layer.units)
        if layer.isRecurrent {
            let width = Double(layer.gatesPerUnit) * units
            forward += 2 * T * (inputSize * width + units * width)
        } else {
            forward += 2 * inputSize * units
        }
        inputSize = units
    }
    return forward * 3 * Double(trainCount) + forward * Double(validationCount)
}

/// The recurrent layer `lesson bench --layer` times in the seed configuration.
public enum BenchmarkLayer: String, CaseIterable, Sendable {
    case lstm, gru
    case simpleRNN = "simple_rnn"

    /// Keras 3's defaults for each; the LSTM's bias as lesson 01 draws it.
    func config(units: Int) -> LayerConfig {
        switch self {
        case .lstm: return .lstm(LSTMLayerConfig(units: units, biasInitializer: .constant(0.054_881_350_392_732_48)))
        case .gru: return .gru(GRULayerConfig(units: units))
        case .simpleRNN: return .simpleRNN(SimpleRNNLayerConfig(units: units))
        }
    }
}

/// The seed configuration: H 300, T 80, batch 256, 3920 windows of sin(x·2π/80),
/// 70/30 split, shuffle false, seeded weights, the recurrent layer `layer`, its
/// products by `products`. `progress` receives a line per stage.
public func runBenchmark(epochs: Int, threads: Int, layer: BenchmarkLayer = .lstm, products: RecurrentProduct = .best,
                         progress: ((String) -> Void)? = nil) throws -> BenchmarkReport {
    guard epochs >= 1 else { throw FitError(message: "bench needs at least 1 epoch, got \(epochs)") }
    guard products.isSupported else {
        throw FitError(message: "this processor cannot run the \(products.name) kernel; "
                       + "try --products \(RecurrentProduct.best.rawValue)")
    }
    BLAS.setThreads(threads)
    let recurrent = layer.config(units: 300)
    let architecture = Architecture(timesteps: 80, features: 1, layers: [recurrent, .dense(DenseLayerConfig(units: 1))])
    var random = InitializerRandom(seed: 0)
    let model = try Sequential(architecture, random: &random)
    for layer in model.recurrentLayers { layer.recurrentProduct = products }
    let series = (0..<4000).map { sin(Double($0) * 2 * Double.pi / 80) }
    let data = WindowedSeries.windows(of: series, length: 80)
    let trainer = Trainer(model: model, optimizer: RMSprop(parameters: model.parameters))
    let split = validationSplitIndex(count: data.count, split: 0.3)
    let flops = epochFlops(architecture, trainCount: split, validationCount: data.count - split)

    // The machine may be shared: time sgemm before the first epoch and after each one,
    // and compare medians.
    // The LSTM's and the default GRU's gate passes are C (`GatePass`, `GRUGates`); the SimpleRNN's Swift.
    let gates = layer == .simpleRNN ? "activation pass: Swift, 8 lanes" : "gate kernels: \(GateKernelVariant.best.name)"
    progress?("layer: \(recurrent.kind) 300; \(gates); recurrent products: \(products.name); the rest: \(BLAS.description)")
    // OpenBLAS at the layer's recurrent step: [256, 300]·[300, g·300].
    let probe = SgemmProbe(threads: threads, columns: recurrent.gatesPerUnit * 300)
    probe.measure()
    let result = try trainer.fit(data, options: FitOptions(batchSize: 256, epochs: epochs, validationSplit: 0.3),
                                 callbacks: [probe], progress: nil, shouldStop: nil)
    for (index, rate) in probe.rates.enumerated() {
        progress?(String(format: "sgemm 256×300·300×%d (%@): %.1f GFLOP/s", probe.columns,
                         index == 0 ? "before" : "after epoch \(index)", rate))
    }
    let sgemm = median(probe.rates)
    for log in result.history {
        progress?(String(format: "epoch %d: %.3f s  loss %.6f  val_loss %.6f", log.epoch, log.seconds, log.loss, log.valLoss ?? .nan))
    }
    guard !result.history.isEmpty else { throw FitError(message: "bench: no epoch finished (\(result.stopReason ?? "unknown reason"))") }
    let epochSeconds = median(result.history.map(\.seconds))
    let bestEpoch = result.history.map(\.seconds).min() ?? epochSeconds
    let bestSgemm = probe.rates.max() ?? sgemm

    let window = series.suffix(80).map(Float.init)
    let started = ContinuousClock.now
    _ = try model.forecast(seed: window, steps: 200)
    let forecastSeconds = seconds(since: started)
    progress?(String(format: "forecast 200 steps: %.3f s", forecastSeconds))

    return BenchmarkReport(
        epochSeconds: epochSeconds, gflops: flops / epochSeconds / 1e9, sgemmGflops: sgemm,
        ratio: epochSeconds / (flops / 1e9 / sgemm),
        bestEpochSeconds: bestEpoch, bestSgemmGflops: bestSgemm, bestRatio: bestEpoch / (flops / 1e9 / bestSgemm),
        forecastSeconds: forecastSeconds,
        peakRSSMB: peakResidentMegabytes(), epochGflop: flops / 1e9, threads: BLAS.threads, epochs: epochs)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Median rate of several timed `[m, k]·[k, n]` products, GFLOP/s.
func measureSgemm(m: Int, n: Int, k: Int, repetitions: Int = 30) -> Double {
    var random = InitializerRandom(seed: 7)
    let a = FloatBuffer(count: m * k), b = FloatBuffer(count: k * n), c = FloatBuffer(count: m * n)
    for i in 0..<a.count { a.pointer[i] = random.uniform(-1, 1) }
    for i in 0..<b.count { b.pointer[i] = random.uniform(-1, 1) }
    func run() {
        BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a.pointer, lda: k,
                   b: b.pointer, ldb: n, beta: 1, c: c.pointer, ldc: n)
    }
    for _ in 0..<3 { run() }   // warm the caches and OpenBLAS' threads
    // Median of batches of five, robust to a neighbour's compile stealing a core.
    var rates: [Double] = []
    for _ in 0..<(repetitions / 5) {
        let started = ContinuousClock.now
        for _ in 0..<5 { run() }
        rates.append(2 * Double(m) * Double(n) * Double(k) * 5 / seconds(since: started) / 1e9)
    }
    rates.sort()
    return rates.isEmpty ? 0 : rates[rates.count / 2]
}

/// Peak resident set size of this process (`VmHWM` in /proc/self/status), MB; 0 if unreadable.
func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
    }
    return 0
}
