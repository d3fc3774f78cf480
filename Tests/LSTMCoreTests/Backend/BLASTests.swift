import XCTest
@testable import LSTMCore

/// `BLAS.sgemm` against the naive Double-accumulated reference (`naiveSgemm`).
final class BLASTests: XCTestCase {
    func testSgemmMatchesNaiveForEveryTranspose() {
        var values = TestValues(seed: 1)
        let m = 7, n = 5, k = 9
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                // Stored shapes: A [m, k] or [k, m]; B [k, n] or [n, k]; C [m, n] with a row stride of n + 3
                // so that writes outside the m × n block (a partial batch) would show.
                let a = values.uniform(m * k), b = values.uniform(k * n)
                let lda = transposeA ? m : k, ldb = transposeB ? k : n, ldc = n + 3
                let c0 = values.uniform(m * ldc)
                var fast = c0, slow = c0
                a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
                    fast.withUnsafeMutableBufferPointer { c in
                        BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5,
                                   a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                   beta: 2, c: c.baseAddress!, ldc: ldc)
                    }
                    slow.withUnsafeMutableBufferPointer { c in
                        naiveSgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5,
                                   a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                   beta: 2, c: c.baseAddress!, ldc: ldc)
                    }
                }}
                assertClose(fast, slow, absolute: 1e-5, "sgemm transposeA \(transposeA) transposeB \(transposeB)")
                for i in 0..<m { for j in n..<ldc {
                    XCTAssertEqual(fast[i * ldc + j], c0[i * ldc + j], "padding column \(j) of row \(i) was written")
                }}
            }
        }
    }

    func testSgemmPartialBatchUsesOnlyTheFirstRows() {
        // The LSTM's recurrent product with B = 3 rows of a buffer sized for 8.
        var values = TestValues(seed: 2)
        let capacity = 8, batch = 3, hidden = 6, gates = 24
        let h = values.uniform(capacity * hidden), u = values.uniform(hidden * gates)
        var z = [Float](repeating: 7, count: capacity * gates)
        var reference = z
        h.withUnsafeBufferPointer { h in u.withUnsafeBufferPointer { u in
            z.withUnsafeMutableBufferPointer { z in
                BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: gates, k: hidden, alpha: 1,
                           a: h.baseAddress!, lda: hidden, b: u.baseAddress!, ldb: gates, beta: 0, c: z.baseAddress!, ldc: gates)
            }
            reference.withUnsafeMutableBufferPointer { z in
                naiveSgemm(transposeA: false, transposeB: false, m: batch, n: gates, k: hidden, alpha: 1,
                           a: h.baseAddress!, lda: hidden, b: u.baseAddress!, ldb: gates, beta: 0, c: z.baseAddress!, ldc: gates)
            }
        }}
        assertClose(z, reference, absolute: 1e-5, "partial batch")
        XCTAssertTrue(z[(batch * gates)...].allSatisfy { $0 == 7 }, "rows past the batch must stay untouched")
    }

    /// What `lesson bench` prints about the library: "OpenBLAS 0.3.x (... kernels)".
    func testDescriptionNamesOpenBLASAndItsKernels() {
        XCTAssertTrue(BLAS.description.hasPrefix("OpenBLAS "), BLAS.description)
        XCTAssertTrue(BLAS.description.hasSuffix(" kernels)"), BLAS.description)
    }

    func testThreadCountCanBeSet() {
        let before = BLAS.threads
        BLAS.setThreads(1)
        XCTAssertEqual(BLAS.threads, 1)
        BLAS.setThreads(before)
        XCTAssertEqual(BLAS.threads, before)
    }
}
