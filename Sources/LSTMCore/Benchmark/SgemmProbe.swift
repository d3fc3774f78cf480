/// Times OpenBLAS (with its own pool at the benchmark's thread count) at the recurrent
/// step's shape after each epoch; not part of the epoch's seconds.
final class SgemmProbe: Callback {
    let threads: Int
    /// Columns of the recurrent kernel: g·H (1200 for the seed LSTM).
    let columns: Int
    private(set) var rates: [Double] = []

    init(threads: Int, columns: Int = 1200) {
        self.threads = threads
        self.columns = columns
    }

    func measure() {
        rates.append(BLAS.withOpenBLASThreads(threads) { measureSgemm(m: 256, n: columns, k: 300) })
    }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        measure()
        return .continue
    }
}
