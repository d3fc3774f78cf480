/// A dense layer's buffers for up to `capacity` rows.
final class DenseWorkspace {
    /// `[B, units]` activated output.
    let output: FloatBuffer
    /// `[B, units]` gradient before the activation.
    let dPreActivation: FloatBuffer
    /// `[B, in]` gradient for the layer below.
    let dInput: FloatBuffer
    var input: UnsafePointer<Float>?
    var batch = 0

    init(layer: DenseLayer, capacity: Int) {
        output = FloatBuffer(count: capacity * layer.units)
        dPreActivation = FloatBuffer(count: capacity * layer.units)
        dInput = FloatBuffer(count: capacity * layer.inputSize)
    }
}
