/// Autoregressive forecast: predict the value after a window, slide the window by
/// one onto that prediction, repeat.
///
/// Each prediction needs a full LSTM pass over its own window from a zero state, so
/// nothing can be reused between predictions; but the passes can run side by side.
/// Run r reads series values r … r+T-1 and yields value r+T. At tick τ every run in
/// flight (r = τ-T+1 … τ) reads the same value s[τ], and s[τ] was produced by run
/// τ-T, which finished at tick τ-1. So all in-flight runs advance together as one
/// batch of T rows: one `[T, in]·W` and one `[T, H]·U` product per tick instead of T
/// matrix-vector products, and ~steps + T ticks in all. Row r mod T holds run r; a
/// run starts by zeroing its row and finishes after T ticks. Each run computes exactly
/// what `predict` computes for its window (same operations, another batch row).
extension Sequential {
    /// `window [T, F]` holds the last known values; returns `steps` predictions
    /// `[steps, F]`, each fed back as the newest input. Needs outputs per sample equal
    /// to the features per step (one, for a series). `shouldStop` is asked before every
    /// tick; when it answers true the forecast ends with `ForecastStopped`.
    public func forecast(seed window: [Float], steps: Int, shouldStop: () -> Bool = { false }) throws -> [Float] {
        let T = architecture.timesteps, F = architecture.features
        guard window.count == T * F else {
            throw ShapeError(message: "forecast: the seed window needs \(T) × \(F) = \(T * F) values, got \(window.count)")
        }
        guard outputUnits == F else {
            throw ShapeError(message: "forecast feeds each prediction back as the next input, so the model must output "
                + "\(F) value(s) per sample, but it outputs \(outputUnits)")
        }
        guard steps > 0 else { return [] }
        let rows = T
        let threads = BLAS.threads
        let series = FloatBuffer(count: (T + steps) * F)
        series.pointer.update(from: window, count: T * F)
        let rowInput = FloatBuffer(count: rows * F)
        let states: [(any RecurrentForecastState)?] = layers.map { $0.recurrent?.makeForecastState(rows: rows) }
        let denseWorkspaces: [DenseWorkspace?] = layers.map {
            if case .dense(let dense) = $0 { return DenseWorkspace(layer: dense, capacity: 1) }
            return nil
        }

        for tick in 0..<(steps + T - 1) {
            if shouldStop() { throw ForecastStopped(predicted: max(0, tick - T + 1)) }
            // Run `tick` starts in row tick mod T from a zero state.
            let startRow = tick % rows
            for state in states { state?.resetRow(startRow) }
            // While the first runs ramp up only rows 0…tick are in flight.
            let active = min(tick + 1, rows)
            for row in 0..<active {
                (rowInput.pointer + row * F).update(from: series.pointer + tick * F, count: F)
            }
            var input = UnsafePointer(rowInput.pointer)
            var lastHidden = input
            var inputSize = F
            for (layer, state) in zip(layers, states) {
                guard let recurrent = layer.recurrent, let state else { continue }
                state.step(input: input, inputSize: inputSize, rows: active, threads: threads)
                input = UnsafePointer(state.hidden.pointer)
                lastHidden = input
                inputSize = recurrent.units
            }
            // Run tick - T + 1 has read its whole window: its last h goes through the dense layers.
            let finished = tick - T + 1
            guard finished >= 0 else { continue }
            var vector = lastHidden + (finished % rows) * inputSize
            for (layer, workspace) in zip(layers, denseWorkspaces) {
                guard case .dense(let dense) = layer, let workspace else { continue }
                dense.forward(workspace, input: vector, batch: 1)
                vector = UnsafePointer(workspace.output.pointer)
            }
            (series.pointer + (T + finished) * F).update(from: vector, count: F)
        }
        return Array(UnsafeBufferPointer(start: series.pointer + T * F, count: steps * F))
    }
}
