// Sums that add gradients up: the threads' partial sums into a parameter's gradient
// (LSTMLayer), and a batch's rows into a bias gradient (DenseLayer).

/// `sums[i] += values[i]` for `count` entries.
func addVector(_ values: UnsafePointer<Float>, into sums: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { sums[i] += values[i] }
}

/// `sums[j] += Σ_r matrix[r, j]` for a row-major `[rows, columns]` matrix.
func addColumnSums(of matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    var j = 0
    while j < columns {
        let n = min(lanes, columns - j)
        var acc = FloatVector(repeating: 0)
        for r in 0..<rows { acc += loadVector(matrix, r * columns + j, count: n) }
        storeVector(loadVector(sums, j, count: n) + acc, sums, j, count: n)
        j += lanes
    }
}
