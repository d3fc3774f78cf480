/// Everything one LSTM layer keeps between forward and backward, for up to
/// `capacity` rows. Allocated once per fit (or predict) and reused by every batch;
/// a smaller batch uses the front of each buffer with stride B.
final class LSTMWorkspace: RecurrentWorkspace {
    let layer: LSTMLayer
    let capacity: Int
    /// `[T, B, 4H]`: x·W + h·U, then the activated i, f, g, o; in backward, dz.
    let gates: FloatBuffer
    /// `[T + 1, B, H]`: slot 0 is c₋₁ = 0, slot t + 1 is c_t.
    let cells: FloatBuffer
    /// `[T + 1, B, H]`: slot 0 is h₋₁ = 0, slot t + 1 is h_t.
    let hidden: FloatBuffer
    /// `[T, B, H]`: act(c_t).
    let cellActivation: FloatBuffer
    /// `[B, H]` each: the gradients reaching h and c of the step being processed.
    let dHidden: FloatBuffer
    let dCell: FloatBuffer
    /// The input of the last forward (`[T, B, in]`, owned by the caller) and its batch.
    /// Per-thread partial sums of db `[threads, 4H]` and of a narrow input's dW
    /// `[threads, maxFused, 4H]`.
    let biasGradientPartials: FloatBuffer
    let kernelGradientPartials: FloatBuffer
    /// Threads that split the rows (BLAS.threads when the workspace was made).
    let threads: Int
    /// U `[H, 4H]` packed for `h₋₁·U`, and Uᵀ `[4H, H]` for `dz·Uᵀ`: each packed once a
    /// batch when `RecurrentProduct.usesPanels`; and each thread's work area for a short
    /// last block of its rows.
    let recurrentPanels: PackedPanels
    let transposedRecurrentPanels: PackedPanels
    let rowWork: [FloatBuffer]
    /// `[threads - 1, H, 4H]`: the partial sums of dU of every thread but the first.
    let recurrentGradientPartials: FloatBuffer
    /// The input of the last training forward (`[T, B, in]`, owned by the caller; nil
    /// after an inference forward, so backward cannot run on it) and its batch.
    var input: UnsafePointer<Float>?
    var batch = 0
    /// The slot of `hidden` that holds the last step's h.
    var lastHiddenSlot = 0

    init(layer: LSTMLayer, capacity: Int) {
        let T = layer.timesteps, H = layer.units
        self.layer = layer
        self.capacity = capacity
        threads = BLAS.threads
        recurrentPanels = PackedPanels(depth: H, columns: 4 * H)
        transposedRecurrentPanels = PackedPanels(depth: 4 * H, columns: H)
        recurrentGradientPartials = FloatBuffer(count: (threads - 1) * H * 4 * H)
        rowWork = (0..<threads).map { _ in FloatBuffer(count: PackedPanels.workCount(depth: 4 * H)) }
        biasGradientPartials = FloatBuffer(count: threads * 4 * H)
        kernelGradientPartials = FloatBuffer(count: threads * FusedInput.maximumSize * 4 * H)
        gates = FloatBuffer(count: T * capacity * 4 * H)
        cells = FloatBuffer(count: (T + 1) * capacity * H)
        hidden = FloatBuffer(count: (T + 1) * capacity * H)
        cellActivation = FloatBuffer(count: T * capacity * H)
        dHidden = FloatBuffer(count: capacity * H)
        dCell = FloatBuffer(count: capacity * H)
    }

    func forward(input: UnsafePointer<Float>, batch: Int, training: Bool) {
        layer.forward(self, input: input, batch: batch, training: training)
    }

    func backward(dOutput: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>?) {
        layer.backward(self, dOutput: dOutput, dInput: dInput)
    }
}
