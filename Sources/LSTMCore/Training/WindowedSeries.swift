/// What a lesson's data cell builds: `inputs [N, T, F]` row-major and `targets [N, O]`,
/// O = `outputs` values a window (1 for the seed's next value; H·k for a horizon of H
/// steps of k predicted columns, step-major as Keras' `Dense(H·k)` then `Reshape((H, k))`).
///
/// Windows cut by `windows(of:length:)` also remember the series and where each
/// window starts in it, so closed-loop training (`FitOptions.rollout`) can find the
/// values that follow a window's target.
public struct WindowedSeries: Equatable, Sendable {
    public var inputs: [Float]
    public var targets: [Float]
    public var count: Int
    public var timesteps: Int
    public var features: Int
    /// Target values a window: the model's last layer must have this many units.
    public var outputs: Int
    /// The series the windows were cut from (one feature), or nil.
    public var source: [Float]?
    /// `[N]`: index in `source` of each window's first value (window k is
    /// `source[origins[k] ..< origins[k] + T]`, its target `source[origins[k] + T]`), or nil.
    public var origins: [Int]?

    public init(inputs: [Float], targets: [Float], count: Int, timesteps: Int, features: Int, outputs: Int = 1,
                source: [Float]? = nil, origins: [Int]? = nil) {
        self.outputs = outputs
        self.inputs = inputs
        self.targets = targets
        self.count = count
        self.timesteps = timesteps
        self.features = features
        self.source = source
        self.origins = origins
    }

    /// The seed's `mk_traindata`: for i in 0..<(n - T), window i is `series[i ..< i+T]`
    /// (one feature) and its target `series[i + T]`. A series no longer than T gives
    /// no windows.
    public static func windows(of series: [Double], length: Int) -> WindowedSeries {
        let T = max(length, 1)
        let count = max(series.count - T, 0)
        var inputs = [Float](repeating: 0, count: count * T)
        var targets = [Float](repeating: 0, count: count)
        for i in 0..<count {
            for t in 0..<T { inputs[i * T + t] = Float(series[i + t]) }
            targets[i] = Float(series[i + T])
        }
        return WindowedSeries(inputs: inputs, targets: targets, count: count, timesteps: T, features: 1,
                              source: series.map { Float($0) }, origins: Array(0..<count))
    }

    /// The windows reordered: window k of the result is window `order[k]` of this one
    /// (numpy's `x[p]`). Throws unless `order` is a permutation of 0..<count.
    public func permuted(by order: [Int]) throws -> WindowedSeries {
        guard order.count == count else {
            throw ShapeError(message: "permutation has \(order.count) entries but there are \(count) windows")
        }
        var seen = [Bool](repeating: false, count: count)
        for index in order {
            guard index >= 0, index < count, !seen[index] else {
                throw ShapeError(message: "permutation entry \(index) is out of range or repeated; expected each of 0..<\(count) once")
            }
            seen[index] = true
        }
        let stride = timesteps * features
        var inputs = [Float](repeating: 0, count: self.inputs.count)
        var targets = [Float](repeating: 0, count: self.targets.count)
        for (k, source) in order.enumerated() {
            for j in 0..<stride { inputs[k * stride + j] = self.inputs[source * stride + j] }
            for j in 0..<outputs { targets[k * outputs + j] = self.targets[source * outputs + j] }
        }
        return WindowedSeries(inputs: inputs, targets: targets, count: count, timesteps: timesteps, features: features,
                              outputs: outputs,
                              source: source, origins: origins.map { origins in order.map { origins[$0] } })
    }
}

/// Where Keras' `validation_split` cuts: `floor(N · (1 - split))` computed in Double;
/// samples before it train, the tail validates (N = 3920, split 0.3 → 2744).
public func validationSplitIndex(count: Int, split: Double) -> Int {
    guard count > 0, split.isFinite else { return max(count, 0) }
    let clamped = min(max(split, 0), 1)
    return Int((Double(count) * (1 - clamped)).rounded(.down))
}
