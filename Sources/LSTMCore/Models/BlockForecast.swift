/// Free-running forecast of several columns, some known in advance, H steps a model call.
///
/// The rows are the series' steps, each of F columns. The model reads the last T rows
/// (`[T, F]`) and answers the next H rows of the k predicted columns, step-major
/// (`[H, k]` flattened, as Keras' `Dense(H·k)` then `Reshape((H, k))`). Those answers
/// are written into the rows, the known columns of the new rows are copied from
/// `known`, and the window slides H rows on, so that call j reads rows
/// `j·H … j·H + T − 1` of history + forecast and fills rows `T + j·H … T + j·H + H − 1`.
/// The last block is cut short when H does not divide `steps`. With H = 1 and every
/// column predicted this is what `forecast(seed:steps:)` computes, one window at a time.
///
/// Each call is one `predict` of a single window, so any stack of layers works; the
/// pipelined `forecast(seed:steps:)` is faster where it applies (H = 1, nothing known).
extension Sequential {
    /// - Parameters:
    ///   - window: `[T, F]`, the last known rows.
    ///   - known: `[steps, F]`: the rows after the window; only the columns not in
    ///     `predicted` are read (the others may hold anything).
    ///   - predicted: the k columns the model outputs, in its output order.
    ///   - horizon: H, rows a model call answers; the model must output H·k values.
    /// - Returns: `[steps, k]`, the predicted columns of each new row.
    public func forecast(seed window: [Float], known: [Float], predicted: [Int], horizon: Int, steps: Int,
                         shouldStop: () -> Bool = { false }) throws -> [Float] {
        let T = architecture.timesteps, F = architecture.features, k = predicted.count, H = horizon
        guard window.count == T * F else {
            throw ShapeError(message: "forecast: the seed window needs \(T) × \(F) = \(T * F) values, got \(window.count)")
        }
        guard k >= 1, predicted.allSatisfy({ $0 >= 0 && $0 < F }), Set(predicted).count == k else {
            throw ShapeError(message: "forecast: the predicted columns \(predicted) must be distinct columns of the \(F)")
        }
        guard H >= 1, outputUnits == H * k else {
            throw ShapeError(message: "forecast: a horizon of \(H) step(s) of \(k) column(s) needs the model to output "
                + "\(H) × \(k) = \(H * k) values a window, but it outputs \(outputUnits); end it with dense(units: \(H * k))")
        }
        guard steps > 0 else { return [] }
        guard known.count == steps * F else {
            throw ShapeError(message: "forecast: the known rows need \(steps) × \(F) = \(steps * F) values, got \(known.count)")
        }
        // rows [T + steps, F]: the seed window, then the known rows with the predicted columns filled in block by block.
        var rows = window + known
        var output = [Float](repeating: 0, count: steps * k)
        var filled = 0
        while filled < steps {
            if shouldStop() { throw ForecastStopped(predicted: filled) }
            let block = try predict(Array(rows[(filled * F)..<((filled + T) * F)]), count: 1)
            for h in 0..<min(H, steps - filled) {
                for (c, column) in predicted.enumerated() {
                    rows[(T + filled + h) * F + column] = block[h * k + c]
                    output[(filled + h) * k + c] = block[h * k + c]
                }
            }
            filled += H
        }
        return output
    }
}
