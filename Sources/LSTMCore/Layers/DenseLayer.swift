/// Keras' Dense layer: `y = act(x·K + b)`, x `[B, in]`, K `[in, units]`, b `[units]`.
final class DenseLayer {
    let config: DenseLayerConfig
    let inputSize: Int
    let units: Int
    /// K `[in, units]`, glorot_uniform.
    let kernel: Parameter
    /// b `[units]`, zeros.
    let bias: Parameter

    init(name: String, config: DenseLayerConfig, inputSize: Int, random: inout InitializerRandom) {
        self.config = config
        self.inputSize = inputSize
        units = config.units
        kernel = Parameter(name: "\(name)/kernel", shape: [inputSize, config.units])
        bias = Parameter(name: "\(name)/bias", shape: [config.units])
        kernel.value = Initializers.glorotUniform(shape: kernel.shape, random: &random)
    }

    var parameters: [Parameter] { [kernel, bias] }

    /// `output = act(input·K + b)`; keeps the input pointer and the output (act' is
    /// taken from the output) for backward.
    func forward(_ ws: DenseWorkspace, input: UnsafePointer<Float>, batch: Int) {
        let out = ws.output.pointer
        ws.input = input
        ws.batch = batch
        for row in 0..<batch { (out + row * units).update(from: bias.pointer, count: units) }
        BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: units, k: inputSize,
                   alpha: 1, a: input, lda: inputSize, b: kernel.pointer, ldb: units,
                   beta: 1, c: out, ldc: units)
        config.activation.apply(out, count: batch * units)
    }

    /// From `dOutput [B, units]`: `dpre = dOutput ⊙ act'(y)`, `dK += xᵀ·dpre`,
    /// `db += Σ_rows dpre`, `dInput = dpre·Kᵀ` `[B, in]`.
    func backward(_ ws: DenseWorkspace, dOutput: UnsafePointer<Float>) {
        guard let input = ws.input else { return }
        let B = ws.batch
        let dPre = ws.dPreActivation.pointer
        let out = ws.output.pointer
        for index in 0..<(B * units) {
            dPre[index] = dOutput[index] * config.activation.derivative(output: out[index])
        }
        BLAS.sgemm(transposeA: true, transposeB: false, m: inputSize, n: units, k: B,
                   alpha: 1, a: input, lda: inputSize, b: dPre, ldb: units,
                   beta: 1, c: kernel.gradientPointer, ldc: units)
        addColumnSums(of: dPre, rows: B, columns: units, into: bias.gradientPointer)
        BLAS.sgemm(transposeA: false, transposeB: true, m: B, n: inputSize, k: units,
                   alpha: 1, a: dPre, lda: units, b: kernel.pointer, ldb: units,
                   beta: 0, c: ws.dInput.pointer, ldc: inputSize)
    }
}
