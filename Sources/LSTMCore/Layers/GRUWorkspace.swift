/// Everything one GRU layer keeps between forward and backward, for up to `capacity`
/// rows; allocated once per fit (or predict) and reused by every batch.
final class GRUWorkspace: RecurrentWorkspace {
    let layer: GRULayer
    let capacity: Int
    /// Threads that split the rows (BLAS.threads when the workspace was made).
    let threads: Int
    /// `[T, B, 3H]`: x·W, then z, r, ĥ; in backward the input side's dz.
    let gates: FloatBuffer
    /// Columns a step's row has in `recurrent`: 3H with reset_after, else H.
    let recurrentWidth: Int
    /// reset_after `[T, B, 3H]`: h₋₁·U, then (…, h₋₁·U_h + b_rec_h); in backward the
    /// recurrent side's dz. Otherwise `[T, B, H]`: r ⊙ h₋₁.
    let recurrent: FloatBuffer
    /// `[T + 1, B, H]`: slot 0 is h₋₁ = 0, slot t + 1 is h_t.
    let hidden: FloatBuffer
    /// `[B, H]` each: the gradient reaching h of the step being processed, and
    /// d(r ⊙ h₋₁) (reset before the product only).
    let dHidden: FloatBuffer
    let dResetHidden: FloatBuffer
    /// Per-thread partial sums of db `[threads, bias count]` and of a narrow input's dW
    /// `[threads, maxFused, 3H]`; `[threads - 1, H, 3H]` of dU.
    let biasGradientPartials: FloatBuffer
    let kernelGradientPartials: FloatBuffer
    let recurrentGradientPartials: FloatBuffer
    /// Packed operands, each packed once a batch when the panels are used: forward U
    /// (reset_after) or U_zr, and U_h; backward their transposes.
    let forwardPanels: PackedPanels
    let candidatePanels: PackedPanels?
    let backwardPanels: PackedPanels
    let candidateBackwardPanels: PackedPanels?
    /// Each thread's work area for a short last block of its rows.
    let rowWork: [FloatBuffer]
    /// The input of the last training forward (`[T, B, in]`, owned by the caller; nil
    /// after an inference forward) and its batch.
    var input: UnsafePointer<Float>?
    var batch = 0
    var lastHiddenSlot = 0

    init(layer: GRULayer, capacity: Int) {
        let T = layer.timesteps, H = layer.units, G = 3 * H
        let resetAfter = layer.config.resetAfter
        self.layer = layer
        self.capacity = capacity
        threads = BLAS.threads
        gates = FloatBuffer(count: T * capacity * G)
        recurrentWidth = resetAfter ? G : H
        recurrent = FloatBuffer(count: T * capacity * recurrentWidth)
        hidden = FloatBuffer(count: (T + 1) * capacity * H)
        dHidden = FloatBuffer(count: capacity * H)
        dResetHidden = FloatBuffer(count: resetAfter ? 0 : capacity * H)
        biasGradientPartials = FloatBuffer(count: threads * layer.bias.count)
        kernelGradientPartials = FloatBuffer(count: threads * FusedInput.maximumSize * G)
        recurrentGradientPartials = FloatBuffer(count: (threads - 1) * H * G)
        let gateColumns = resetAfter ? G : 2 * H
        forwardPanels = PackedPanels(depth: H, columns: gateColumns)
        backwardPanels = PackedPanels(depth: gateColumns, columns: H)
        candidatePanels = resetAfter ? nil : PackedPanels(depth: H, columns: H)
        candidateBackwardPanels = resetAfter ? nil : PackedPanels(depth: H, columns: H)
        rowWork = (0..<threads).map { _ in FloatBuffer(count: PackedPanels.workCount(depth: G)) }
    }

    func forward(input: UnsafePointer<Float>, batch: Int, training: Bool) {
        layer.forward(self, input: input, batch: batch, training: training)
    }

    func backward(dOutput: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>?) {
        layer.backward(self, dOutput: dOutput, dInput: dInput)
    }
}
