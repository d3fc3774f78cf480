/// Everything one SimpleRNN layer keeps between forward and backward, for up to
/// `capacity` rows; allocated once per fit (or predict) and reused by every batch.
final class SimpleRNNWorkspace: RecurrentWorkspace {
    let layer: SimpleRNNLayer
    let capacity: Int
    let threads: Int
    /// `[T, B, H]`: x·W + h₋₁·U; in backward dz.
    let preActivations: FloatBuffer
    /// `[T + 1, B, H]`: slot 0 is h₋₁ = 0, slot t + 1 is h_t.
    let hidden: FloatBuffer
    /// `[B, H]`: the gradient reaching h of the step being processed.
    let dHidden: FloatBuffer
    /// Per-thread partial sums of db `[threads, H]`, a narrow input's dW
    /// `[threads, maxFused, H]`, and `[threads - 1, H, H]` of dU.
    let biasGradientPartials: FloatBuffer
    let kernelGradientPartials: FloatBuffer
    let recurrentGradientPartials: FloatBuffer
    /// U and Uᵀ packed once a batch when the panels are used.
    let forwardPanels: PackedPanels
    let backwardPanels: PackedPanels
    let rowWork: [FloatBuffer]
    var input: UnsafePointer<Float>?
    var batch = 0
    var lastHiddenSlot = 0

    init(layer: SimpleRNNLayer, capacity: Int) {
        let T = layer.timesteps, H = layer.units
        self.layer = layer
        self.capacity = capacity
        threads = BLAS.threads
        preActivations = FloatBuffer(count: T * capacity * H)
        hidden = FloatBuffer(count: (T + 1) * capacity * H)
        dHidden = FloatBuffer(count: capacity * H)
        biasGradientPartials = FloatBuffer(count: threads * H)
        kernelGradientPartials = FloatBuffer(count: threads * FusedInput.maximumSize * H)
        recurrentGradientPartials = FloatBuffer(count: (threads - 1) * H * H)
        forwardPanels = PackedPanels(depth: H, columns: H)
        backwardPanels = PackedPanels(depth: H, columns: H)
        rowWork = (0..<threads).map { _ in FloatBuffer(count: PackedPanels.workCount(depth: H)) }
    }

    func forward(input: UnsafePointer<Float>, batch: Int, training: Bool) {
        layer.forward(self, input: input, batch: batch, training: training)
    }

    func backward(dOutput: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>?) {
        layer.backward(self, dOutput: dOutput, dInput: dInput)
    }
}
