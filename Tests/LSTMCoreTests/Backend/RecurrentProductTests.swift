import LSTMKernels
import XCTest
@testable import LSTMCore

/// The packed recurrent products (`PackedPanels`, packed_sgemm.c) against the naive
/// reference and against each other, and an LSTM layer through each against the same
/// layer through OpenBLAS.
final class RecurrentProductTests: XCTestCase {
    private let kernels = RecurrentProduct.allCases.filter { $0 != .blas }

    /// Every edge: rows and columns below, at and past one register block, with and
    /// without the transpose and the accumulate, into a C whose rows are longer than n.
    /// Every kernel and the plain loop give the same bits (a kernel the processor lacks
    /// runs the plain loop).
    func testPackedProductsMatchNaiveAtEveryEdge() {
        var values = TestValues(seed: 11)
        for (m, n, k) in [(1, 1, 1), (5, 7, 3), (6, 16, 16), (16, 16, 16), (17, 33, 20), (40, 48, 9), (35, 84, 21), (32, 21, 84)] {
            for transposed in [false, true] {
                for accumulate in [false, true] {
                    // B as the operand is [k, n]: stored so, or as its transpose [n, k].
                    let b = values.uniform(k * n)
                    let ldb = transposed ? k : n
                    let lda = k + 2, ldc = n + 3
                    let a = values.uniform(m * lda)
                    let c0 = values.uniform(m * ldc)
                    let panels = PackedPanels(depth: k, columns: n)
                    let work = FloatBuffer(count: PackedPanels.workCount(depth: k))
                    var slow = c0
                    b.withUnsafeBufferPointer { panels.pack($0.baseAddress!, ldb: ldb, transposed: transposed) }
                    a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
                        slow.withUnsafeMutableBufferPointer { c in
                            naiveSgemm(transposeA: false, transposeB: transposed, m: m, n: n, k: k, alpha: 1,
                                       a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                       beta: accumulate ? 1 : 0, c: c.baseAddress!, ldc: ldc)
                        }
                    }}
                    let label = "m \(m) n \(n) k \(k) transposed \(transposed) accumulate \(accumulate)"
                    var results: [[Float]] = []
                    for (name, kernel) in kernels.compactMap({ p in p.kernel.map { (p.name, $0) } })
                        + [("portable", LSTM_PACKED_PORTABLE)] {
                        var fast = c0
                        a.withUnsafeBufferPointer { a in
                            fast.withUnsafeMutableBufferPointer { c in
                                panels.multiply(kernel, rows: m, a: a.baseAddress!, lda: lda, c: c.baseAddress!, ldc: ldc,
                                                accumulate: accumulate, work: work)
                            }
                        }
                        assertClose(fast, slow, absolute: 2e-6 * Double(k), "\(name): \(label)")
                        for i in 0..<m { for j in n..<ldc {
                            XCTAssertEqual(fast[i * ldc + j], c0[i * ldc + j],
                                           "\(name): \(label): padding column \(j) of row \(i) was written")
                        }}
                        results.append(fast)
                    }
                    XCTAssertTrue(results.allSatisfy { $0 == results.first }, "\(label): the kernels' bits differ")
                }
            }
        }
    }

    func testPanelsOnlyWhenEveryThreadFillsABlock() {
        for product in kernels {
            XCTAssertEqual(product.usesPanels(batch: 256, threads: 2), product.isSupported)
            XCTAssertEqual(product.usesPanels(batch: 32, threads: 2), product.isSupported)
            XCTAssertFalse(product.usesPanels(batch: 31, threads: 2), "a thread would have 15 rows")
            XCTAssertFalse(product.usesPanels(batch: 1, threads: 1), "a forecast's single row")
        }
        XCTAssertFalse(RecurrentProduct.blas.usesPanels(batch: 256, threads: 2))
        XCTAssertTrue(RecurrentProduct.best.isSupported)
    }

    /// One layer, the same weights and input, forward and backward through each product:
    /// 21 units (4H = 84: five panels and 4 columns; H = 21: one panel and 5 columns),
    /// and a batch that leaves each thread a short last block.
    func testLSTMLayerThroughPanelsMatchesOpenBLAS() throws {
        let supported = kernels.filter(\.isSupported)
        guard !supported.isEmpty else {
            throw XCTSkip("this processor has neither AVX-512F nor AVX2 + FMA; the LSTM uses OpenBLAS only")
        }
        for returnSequences in [false, true] {
            var random = InitializerRandom(seed: 31)
            let T = 5, F = 2, H = 21
            let layer = try LSTMLayer(name: "lstm", config: LSTMLayerConfig(units: H, returnSequences: returnSequences),
                                  inputSize: F, timesteps: T, random: &random)
            let workspace = LSTMWorkspace(layer: layer, capacity: 64)
            let B = 16 * workspace.threads + 5
            var values = TestValues(seed: 32)
            layer.bias.value = values.uniform(4 * H, -0.5, 0.5)
            let input = values.uniform(T * B * F, -1, 1)
            let dOutput = values.uniform((returnSequences ? T : 1) * B * H, -1, 1)

            func run(_ product: RecurrentProduct) -> (output: [Float], gradients: [[Float]], dInput: [Float]) {
                layer.recurrentProduct = product
                for p in layer.parameters { p.zeroGradient() }
                input.withUnsafeBufferPointer { layer.forward(workspace, input: $0.baseAddress!, batch: B, training: true) }
                let output = returnSequences
                    ? Array(UnsafeBufferPointer(start: workspace.sequenceOutput(units: H), count: T * B * H))
                    : Array(UnsafeBufferPointer(start: workspace.lastHidden(units: H), count: B * H))
                var dInput = [Float](repeating: 0, count: T * B * F)
                dOutput.withUnsafeBufferPointer { d in
                    dInput.withUnsafeMutableBufferPointer { layer.backward(workspace, dOutput: d.baseAddress!, dInput: $0.baseAddress!) }
                }
                return (output, layer.parameters.map(\.gradient), dInput)
            }
            let blas = run(.blas)
            for product in supported {
                XCTAssertTrue(product.usesPanels(batch: B, threads: workspace.threads))
                let packed = run(product)
                let label = "\(product.name), return_sequences \(returnSequences)"
                assertClose(packed.output, blas.output, absolute: 1e-6, "\(label): h")
                for (index, parameter) in layer.parameters.enumerated() {
                    let scale = Double(blas.gradients[index].map(abs).max() ?? 1)
                    assertClose(packed.gradients[index], blas.gradients[index], absolute: 1e-6 * scale,
                                "\(label): d/d \(parameter.name)")
                }
                assertClose(packed.dInput, blas.dInput, absolute: 1e-5, "\(label): dx")
            }
        }
    }
}
