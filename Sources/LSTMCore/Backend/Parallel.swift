import Dispatch

/// Splits row-independent work over the configured number of threads.
///
/// The LSTM's batch rows are independent through the whole time loop, so each thread
/// runs the loop for its own rows with single-threaded BLAS calls: no synchronisation
/// per step, and the element-wise gate passes run on every core instead of leaving
/// OpenBLAS' workers spinning while one thread does them.
enum Parallel {
    /// How many chunks `forEachChunk` makes: `requested`, but at least 1 and at most `count`.
    static func chunkCount(count: Int, requested: Int) -> Int { max(1, min(requested, count)) }

    /// Calls `body(chunk, rows)` for `chunks` contiguous, nearly equal slices of
    /// `0..<count`, concurrently when there is more than one. Returns when all are done.
    static func forEachChunk(count: Int, chunks requested: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count: count, requested: requested)
        func range(_ chunk: Int) -> Range<Int> {
            (chunk * count / chunks)..<((chunk + 1) * count / chunks)
        }
        if chunks == 1 {
            body(0, 0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in body(chunk, range(chunk)) }
    }
}
