/// Keras' weight initialisers, drawing from `InitializerRandom` (docs/numerics.md,
/// "Initial weights and the two random streams").
enum Initializers {
    /// Fans as Keras computes them: a matrix `[rows, cols]` has fan_in = rows,
    /// fan_out = cols; a vector `[n]` has both equal to n.
    static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        default: return (shape.dropLast().reduce(1, *), shape[shape.count - 1])
        }
    }

    /// Fills `count` values of a tensor of `shape` (row-major).
    static func fill(_ initializer: Initializer, shape: [Int], random: inout InitializerRandom) throws -> [Float] {
        let count = shape.reduce(1, *)
        switch initializer {
        case .zeros:
            return [Float](repeating: 0, count: count)
        case .constant(let value):
            return [Float](repeating: Float(value), count: count)
        case .glorotUniform:
            return glorotUniform(shape: shape, random: &random)
        case .orthogonal:
            let (rows, cols) = fans(shape)
            return try orthogonal(rows: rows, cols: cols, random: &random)
        }
    }

    /// Uniform in `[-limit, limit)`, `limit = sqrt(6 / (fan_in + fan_out))`.
    static func glorotUniform(shape: [Int], random: inout InitializerRandom) -> [Float] {
        let (fanIn, fanOut) = fans(shape)
        let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count { values[i] = random.uniform(-limit, limit) }
        return values
    }

    /// Keras' Orthogonal (gain 1) for a `[rows, cols]` matrix: QR of a normal matrix of
    /// shape `[max, min]`, Q's columns multiplied by sign(diag R), transposed when
    /// rows < cols. For the recurrent kernel `[H, 4H]` this draws `[4H, H]` and returns
    /// Qᵀ, whose rows are orthonormal.
    ///
    /// Q comes from modified Gram-Schmidt in Double with a second orthogonalisation
    /// pass; Gram-Schmidt's R has a positive diagonal, so it is already the Q that the
    /// sign correction produces.
    ///
    /// For a large layer this is the slow part of building a model (O(tall · narrow²):
    /// minutes at 3500 units), so `shouldStop` is asked before every column and, when it
    /// says so, the draw ends with `InitializationStopped`.
    static func orthogonal(rows: Int, cols: Int, random: inout InitializerRandom,
                           shouldStop: (() -> Bool)? = nil) throws -> [Float] {
        let tall = max(rows, cols)
        let narrow = min(rows, cols)
        // Draw the normal matrix a[tall, narrow] row-major (numpy's order), then keep it
        // by columns so Gram-Schmidt walks contiguous memory: q[j] is column j.
        var columns = [[Double]](repeating: [Double](repeating: 0, count: tall), count: narrow)
        for i in 0..<tall {
            if i % 256 == 0, let shouldStop, shouldStop() { throw InitializationStopped() }
            for j in 0..<narrow { columns[j][i] = random.normalDouble() }
        }
        for j in 0..<narrow {
            if let shouldStop, shouldStop() { throw InitializationStopped() }
            var v = columns[j]
            for _ in 0..<2 {   // "twice is enough" re-orthogonalisation
                for k in 0..<j {
                    let projection = dot(columns[k], v)
                    columns[k].withUnsafeBufferPointer { q in
                        for i in 0..<tall { v[i] -= projection * q[i] }
                    }
                }
            }
            let norm = dot(v, v).squareRoot()
            // A zero column has probability zero for a continuous draw; keep it finite anyway.
            let scale = norm > 0 ? 1 / norm : 0
            for i in 0..<tall { v[i] *= scale }
            columns[j] = v
        }
        // Q is [tall, narrow] with Q[i][j] = columns[j][i].
        var result = [Float](repeating: 0, count: rows * cols)
        if rows >= cols {
            for i in 0..<rows { for j in 0..<cols { result[i * cols + j] = Float(columns[j][i]) } }
        } else {
            // Qᵀ: result[j][i] = Q[i][j] with result [rows = narrow, cols = tall].
            for j in 0..<rows { for i in 0..<cols { result[j * cols + i] = Float(columns[j][i]) } }
        }
        return result
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += a[i] * b[i] }
        return sum
    }

    /// LSTM bias `[4H]` in gate order i, f, c, o: with `unitForgetBias` the i, c, o
    /// slices get the bias initializer's values and the f slice exactly 1.0
    /// (Keras draws the i slice, then ones, then the c and o slices together).
    static func lstmBias(_ initializer: Initializer, units: Int, unitForgetBias: Bool,
                         random: inout InitializerRandom) throws -> [Float] {
        guard unitForgetBias else { return try fill(initializer, shape: [4 * units], random: &random) }
        let input = try fill(initializer, shape: [units], random: &random)
        let forget = [Float](repeating: 1, count: units)
        let cellAndOutput = try fill(initializer, shape: [2 * units], random: &random)
        return input + forget + cellAndOutput
    }
}

/// A model's initialisation stopped before it finished because its caller asked (Ctrl-C
/// or SIGTERM while a large model is built): no model was made.
public struct InitializationStopped: Error, Sendable {}
