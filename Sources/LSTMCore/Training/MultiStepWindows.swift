/// Windows of several columns with a horizon (`windows(length: T, horizon: H)` over
/// `series(csv:, columns:, target:)`).
extension WindowedSeries {
    /// `rows [n, F]` row-major: step i's F column values. For i in 0 ..< n − T − H + 1,
    /// window i is `rows[i ..< i+T]` (`[T, F]`) and its targets the `predicted` columns of
    /// the next H rows, step-major: `targets[i, h·k + c] = rows[i+T+h, predicted[c]]`
    /// (`[H, k]` flattened). With F = 1, H = 1 and `predicted == [0]` this is
    /// `windows(of:length:)` without the series kept for rollouts. Throws when a
    /// predicted column is not one of the F.
    public static func windows(rows: [Float], features: Int, length: Int, horizon: Int,
                               predicted: [Int]) throws -> WindowedSeries {
        let F = max(features, 1), T = max(length, 1), H = max(horizon, 1)
        guard predicted.allSatisfy({ $0 >= 0 && $0 < F }), !predicted.isEmpty else {
            throw ShapeError(message: "predicted columns \(predicted) must be among the \(F) columns")
        }
        guard rows.count % F == 0 else {
            throw ShapeError(message: "\(rows.count) values are not whole rows of \(F) columns")
        }
        let n = rows.count / F, k = predicted.count, O = H * k
        let count = max(n - T - H + 1, 0)
        var inputs = [Float](repeating: 0, count: count * T * F)
        var targets = [Float](repeating: 0, count: count * O)
        for i in 0..<count {
            for j in 0..<(T * F) { inputs[i * T * F + j] = rows[i * F + j] }
            for h in 0..<H {
                for (c, column) in predicted.enumerated() { targets[i * O + h * k + c] = rows[(i + T + h) * F + column] }
            }
        }
        return WindowedSeries(inputs: inputs, targets: targets, count: count, timesteps: T, features: F, outputs: O)
    }
}
