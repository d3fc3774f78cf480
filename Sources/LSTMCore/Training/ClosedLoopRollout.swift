/// Closed-loop training: the loss and gradients of a k-step free-running rollout.
///
/// A free-running forecast feeds every prediction back as the newest input of the
/// next window, so an error made at one step changes every later window. Ordinary
/// (teacher-forced) training never shows the network its own errors: every window it
/// learns from is true data. A rollout trains on exactly what the forecast does.
///
/// For a batch of windows x (`[B, T]`, one feature) with origins o_b in the series s,
/// extend each window with its predictions: e = [x_0 … x_{T-1}, ŷ_0 … ŷ_{k-1}], where
///
///     ŷ_j = model(e[j ..< j+T])          (window j: x shifted by j, predictions at its end)
///     L   = (1/M) Σ_{b, j valid} (ŷ_{b,j} - s[o_b + T + j])²
///
/// M counts the (b, j) whose target lies inside the series (a window near the end has a
/// shorter rollout). k = 1 is ordinary training.
///
/// Backward: ŷ_j reaches L directly and through every later window that reads it, at
/// position T - (i - j) of window i > j. Going j = k-1 … 0, all those later windows
/// have been back-propagated already, so
///
///     dL/dŷ_j = 2 w_{b,j} (ŷ_j - y_j) / M + Σ_{i>j} dL/dx_i[T - i + j]
///
/// is complete when window j is reached; window j's backward then adds its parameter
/// gradients and, through its input gradient, the terms of the earlier ŷ. Only one
/// model workspace is needed: the forward pass runs the k windows without keeping
/// anything (inference), and backward repeats each window's training forward just
/// before its backward (the last window's is kept from the forward pass). Cost per
/// batch: k forwards, k - 1 repeated forwards and k backwards.
final class ClosedLoopRollout {
    let steps: Int
    let timesteps: Int
    let capacity: Int
    /// `[B, T + k]`: the window, then its k predictions.
    let extended: FloatBuffer
    /// `[B, T + k]`: dL/de (only the prediction part is used).
    let dExtended: FloatBuffer
    /// `[B, k]`: targets s[o + T + j] and weights (1 inside the series, 0 beyond).
    let targets: FloatBuffer
    let weights: FloatBuffer
    /// `[B]`: dL/dŷ_j of the window being back-propagated.
    let dOutput: FloatBuffer

    init(steps: Int, timesteps: Int, capacity: Int) {
        self.steps = steps
        self.timesteps = timesteps
        self.capacity = capacity
        extended = FloatBuffer(count: capacity * (timesteps + steps))
        dExtended = FloatBuffer(count: capacity * (timesteps + steps))
        targets = FloatBuffer(count: capacity * steps)
        weights = FloatBuffer(count: capacity * steps)
        dOutput = FloatBuffer(count: capacity)
    }

    /// Loads `batch` windows (`order[start + b]` of `windows [N, T]`) with their origins
    /// in `source` and the k targets that follow each window.
    func load(windows: UnsafePointer<Float>, origins: UnsafePointer<Int>, source: UnsafePointer<Float>, sourceCount: Int,
              order: UnsafePointer<Int>?, start: Int, batch: Int) {
        let T = timesteps, k = steps, width = T + k
        for b in 0..<batch {
            let window = order.map { $0[start + b] } ?? (start + b)
            (extended.pointer + b * width).update(from: windows + window * T, count: T)
            let first = origins[window] + T
            for j in 0..<k {
                let inside = first + j >= 0 && first + j < sourceCount
                targets.pointer[b * k + j] = inside ? source[first + j] : 0
                weights.pointer[b * k + j] = inside ? 1 : 0
            }
        }
    }

    /// Window j of every row, time-major into the model's input: `input[t, b] = e[b, j + t]`.
    private func loadWindow(_ j: Int, into workspace: ModelWorkspace, batch: Int) {
        let T = timesteps, width = T + steps
        let input = workspace.input.pointer, e = extended.pointer
        for b in 0..<batch {
            for t in 0..<T { input[t * batch + b] = e[b * width + j + t] }
        }
    }

    /// Forward and backward of the rollouts of the loaded batch; accumulates (`+=`) into
    /// the parameters' gradients and returns the loss L (or a non-finite value, with the
    /// gradients not computed, when a prediction blows up).
    func lossAndGradients(_ model: Sequential, workspace: ModelWorkspace, batch: Int) -> Double {
        let T = timesteps, k = steps, width = T + k
        let e = extended.pointer, de = dExtended.pointer
        // Forward: ŷ_j into e[b, T + j]; the last window keeps what backward needs.
        for j in 0..<k {
            loadWindow(j, into: workspace, batch: batch)
            let output = model.forward(workspace, batch: batch, training: j == k - 1)
            for b in 0..<batch { e[b * width + T + j] = output[b] }
        }
        var sum = 0.0, count = 0.0
        for b in 0..<batch {
            for j in 0..<k where weights.pointer[b * k + j] > 0 {
                let error = Double(e[b * width + T + j]) - Double(targets.pointer[b * k + j])
                sum += error * error
                count += 1
            }
        }
        let loss = count > 0 ? sum / count : 0
        guard loss.isFinite else { return loss }
        let scale = count > 0 ? Float(2 / count) : 0
        de.update(repeating: 0, count: batch * width)
        // Backward: j = k-1 … 0; each window's input gradient feeds the predictions it read.
        for j in stride(from: k - 1, through: 0, by: -1) {
            if j < k - 1 {
                loadWindow(j, into: workspace, batch: batch)
                _ = model.forward(workspace, batch: batch, training: true)
            }
            for b in 0..<batch {
                let w = weights.pointer[b * k + j]
                let direct = scale * w * (e[b * width + T + j] - targets.pointer[b * k + j])
                dOutput.pointer[b] = de[b * width + T + j] + direct
            }
            // Window 0 reads only true values: no input gradient needed.
            model.backward(workspace, dOutput: dOutput.pointer, inputGradient: j > 0)
            guard j > 0 else { break }
            let dInput = workspace.dInput.pointer
            // Positions t ≥ T - j of window j hold ŷ_{t + j - T}.
            for t in (T - min(j, T))..<T {
                for b in 0..<batch { de[b * width + j + t] += dInput[t * batch + b] }
            }
        }
        return loss
    }
}
