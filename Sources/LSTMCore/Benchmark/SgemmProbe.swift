/// Times OpenBLAS (with its own pool at the benchmark's thread count) at the recurrent
/// step's shape after each epoch; not part of the epoch's seconds.
final class SgemmProbe: Callback {
    let threads: Int
    private(set) var rates: [Double] = []

    init(threads: Int) { self.threads = threads }

    func measure() {
        rates.append(BLAS.withOpenBLASThreads(threads) { measureSgemm(m: 256, n: 1200, k: 300) })
    }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        measure()
        return .continue
    }
}
