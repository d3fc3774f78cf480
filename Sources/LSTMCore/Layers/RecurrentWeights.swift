/// The three weights of a recurrent layer with g gates of H units, in Keras' order and
/// with Keras' initialisers, drawn in that order: kernel W `[in, g·H]` glorot_uniform,
/// recurrent kernel U `[H, g·H]` orthogonal (rows orthonormal), bias zeros (no draw).
/// The LSTM then draws its bias with its own initialiser (`Initializers.lstmBias`).
func makeRecurrentWeights(name: String, inputSize: Int, units: Int, gates: Int, biasShape: [Int],
                          random: inout InitializerRandom, shouldStop: (() -> Bool)?) throws
    -> (kernel: Parameter, recurrentKernel: Parameter, bias: Parameter) {
    let width = gates * units
    let kernel = Parameter(name: "\(name)/kernel", shape: [inputSize, width])
    let recurrentKernel = Parameter(name: "\(name)/recurrent_kernel", shape: [units, width])
    kernel.value = Initializers.glorotUniform(shape: kernel.shape, random: &random)
    recurrentKernel.value = try Initializers.orthogonal(rows: units, cols: width, random: &random, shouldStop: shouldStop)
    return (kernel, recurrentKernel, Parameter(name: "\(name)/bias", shape: biasShape))
}
