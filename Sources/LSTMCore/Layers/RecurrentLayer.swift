/// What `Sequential`, its workspace and the forecast need of a recurrent layer (LSTM,
/// GRU, SimpleRNN): the time loops over a time-major `[T, B, in]` input, forward and
/// backward, in a workspace made for them, and a state that advances the forecast's
/// runs in flight one step at a time.
protocol RecurrentLayer: AnyObject {
    var inputSize: Int { get }
    var units: Int { get }
    var timesteps: Int { get }
    /// Outputs every step's h `[T, B, H]` (to stack layers), else only the last `[B, H]`.
    var returnSequences: Bool { get }
    /// Kernel, recurrent kernel, bias: Keras' order.
    var parameters: [Parameter] { get }
    /// How the steps multiply by the recurrent kernel (tests force BLAS to compare).
    var recurrentProduct: RecurrentProduct { get set }
    /// Buffers for batches of up to `capacity` rows, allocated once per fit or predict.
    func makeWorkspace(capacity: Int) -> any RecurrentWorkspace
    /// The state of `rows` runs in flight for `Sequential.forecast`.
    func makeForecastState(rows: Int) -> any RecurrentForecastState
}

/// A recurrent layer's buffers, bound to the layer that made them. `hidden` is
/// `[T + 1, B, H]`: slot 0 is h₋₁ = 0, slot t + 1 is h_t (an inference forward keeps
/// only what `lastHiddenSlot` says).
protocol RecurrentWorkspace: AnyObject {
    var hidden: FloatBuffer { get }
    /// Rows of the last forward.
    var batch: Int { get }
    /// The slot of `hidden` that holds the last step's h.
    var lastHiddenSlot: Int { get }
    /// Forward over all T steps for `batch` rows; `training` keeps what backward needs.
    func forward(input: UnsafePointer<Float>, batch: Int, training: Bool)
    /// Backward after a training forward: `dOutput` is `[T, B, H]` with return_sequences,
    /// else `[B, H]`; accumulates into the parameters' gradients and writes `dInput`
    /// `[T, B, in]` when given.
    func backward(dOutput: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>?)
}

extension RecurrentWorkspace {
    /// `[T, B, H]`: every step's h (for the next recurrent layer or return_sequences).
    func sequenceOutput(units: Int) -> UnsafePointer<Float> {
        UnsafePointer(hidden.pointer + batch * units)
    }

    /// `[B, H]`: the last step's h.
    func lastHidden(units: Int) -> UnsafePointer<Float> {
        UnsafePointer(hidden.pointer + lastHiddenSlot * batch * units)
    }
}

/// One recurrent layer's state for the forecast's runs in flight: row r holds run r mod T.
protocol RecurrentForecastState: AnyObject {
    /// `[rows, H]`: each run's h, updated in place every tick.
    var hidden: FloatBuffer { get }
    /// Starts run `row` from the zero state.
    func resetRow(_ row: Int)
    /// One step for rows 0..<rows from `input [rows, inputSize]`; threads split the rows.
    func step(input: UnsafePointer<Float>, inputSize: Int, rows: Int, threads: Int)
}
