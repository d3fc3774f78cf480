/// Which weights an `Architecture` holds, how to recover an architecture from weights
/// alone (a Keras export has no metadata), and how two architectures differ.

extension Architecture {
    /// The weights a `Sequential` of this architecture holds, in model order, with
    /// Keras' names (`layerNames`): for a recurrent layer of H units with g gates
    /// (LSTM 4, GRU 3, SimpleRNN 1) `kernel [in, g·H]`, `recurrent_kernel [H, g·H]` and
    /// `bias` (`[g·H]`; a GRU with reset_after `[2, 3H]`); for a dense layer
    /// `kernel [in, units]`, `bias [units]`; `in` is the previous layer's units (the
    /// features for the first layer).
    public var weightShapes: [(name: String, shape: [Int])] {
        var shapes: [(String, [Int])] = []
        var inputSize = features
        for (layer, name) in zip(layers, layerNames) {
            let width = layer.gatesPerUnit * layer.units
            switch layer {
            case .dense(let c):
                shapes += [("\(name)/kernel", [inputSize, c.units]), ("\(name)/bias", [c.units])]
            case .gru(let c):
                shapes += [("\(name)/kernel", [inputSize, width]), ("\(name)/recurrent_kernel", [c.units, width]),
                           ("\(name)/bias", c.biasShape)]
            case .lstm, .simpleRNN:
                shapes += [("\(name)/kernel", [inputSize, width]), ("\(name)/recurrent_kernel", [layer.units, width]),
                           ("\(name)/bias", [width])]
            }
            inputSize = layer.units
        }
        return shapes
    }

    /// The architecture that weights named as ours imply (after `KerasNames`' renaming):
    /// a recurrent layer's kernel `[F, g·H]` gives its units (and the first one the
    /// features F); a GRU's bias `[2, 3H]` says reset_after. The recurrent layers come
    /// first, each but the last with `return_sequences: true`, then the dense layers
    /// `dense`, `dense_1`, … with units from their kernels' columns.
    ///
    /// Weights cannot tell activations, the window length or, between kinds, the order
    /// of the recurrent layers: activations take Keras' defaults, `timesteps` is the
    /// caller's, and the kinds follow `expected` (the lesson's model) when it has the
    /// same recurrent layers, else lstm, gru, simple_rnn, each kind in index order.
    /// Shapes that do not chain are left for `ModelFile`'s check to report.
    public static func inferred(fromWeights tensors: [NamedTensor], timesteps: Int,
                                expected: Architecture? = nil) throws -> Architecture {
        var found: [String: [Int: [String: [Int]]]] = [:]
        for tensor in tensors {
            guard let (kind, index, variable) = parseWeightName(tensor.name) else { continue }
            found[kind, default: [:]][index, default: [:]][variable] = tensor.shape
        }
        func fail(_ message: String) -> ArchitectureError { ArchitectureError(message: message) }
        let recurrentKinds = LayerConfig.recurrentKinds.filter { found[$0] != nil }
        guard !recurrentKinds.isEmpty else {
            throw fail("the weights hold no LSTM, GRU or SimpleRNN (no tensor named lstm/kernel, gru/kernel or "
                + "simple_rnn/kernel); found \(tensors.map(\.name))")
        }
        func layerName(_ kind: String, _ index: Int) -> String { index == 0 ? kind : "\(kind)_\(index)" }
        for (kind, layers) in found {
            let last = layers.keys.max() ?? 0
            for index in 0...last where layers[index] == nil {
                throw fail("the weights have \(layerName(kind, last)) but no \(layerName(kind, index)); "
                    + "missing tensor \(layerName(kind, index))/kernel")
            }
        }
        // The order of the recurrent layers: the lesson's, when it has the same ones.
        var order = recurrentKinds.flatMap { kind in Array(repeating: kind, count: found[kind]?.count ?? 0) }
        if let expected {
            let theirs = expected.layers.filter(\.isRecurrent).map(\.kind)
            if theirs.sorted() == order.sorted() { order = theirs }
        }
        var features = 0
        var layers: [LayerConfig] = []
        var next: [String: Int] = [:]
        for (position, kind) in order.enumerated() {
            let index = next[kind, default: 0]
            next[kind] = index + 1
            let name = layerName(kind, index)
            let variables = found[kind]?[index] ?? [:]
            let gates = kind == "lstm" ? 4 : kind == "gru" ? 3 : 1
            guard let kernel = variables["kernel"] else { throw fail("missing tensor \(name)/kernel") }
            guard kernel.count == 2, kernel[1] > 0, kernel[1] % gates == 0 else {
                let kindName = kind == "lstm" ? "an LSTM" : kind == "gru" ? "a GRU" : "a SimpleRNN"
                throw fail("\(name)/kernel has shape \(kernel), but \(kindName) kernel is [inputs, \(gates == 1 ? "" : "\(gates) × ")units]")
            }
            if position == 0 { features = kernel[0] }
            let units = kernel[1] / gates, returnSequences = position < order.count - 1
            switch kind {
            case "lstm":
                layers.append(.lstm(LSTMLayerConfig(units: units, returnSequences: returnSequences)))
            case "gru":
                let resetAfter = variables["bias"].map { $0.count == 2 } ?? true
                layers.append(.gru(GRULayerConfig(units: units, resetAfter: resetAfter, returnSequences: returnSequences)))
            default:
                layers.append(.simpleRNN(SimpleRNNLayerConfig(units: units, returnSequences: returnSequences)))
            }
        }
        let dense = found["dense"] ?? [:]
        for index in 0..<dense.count {
            let name = layerName("dense", index)
            guard let kernel = dense[index]?["kernel"] else { throw fail("missing tensor \(name)/kernel") }
            guard kernel.count == 2, kernel[1] > 0 else {
                throw fail("\(name)/kernel has shape \(kernel), but a dense kernel is [inputs, units]")
            }
            layers.append(.dense(DenseLayerConfig(units: kernel[1])))
        }
        return Architecture(timesteps: timesteps, features: features, layers: layers)
    }

    /// `lstm_2/recurrent_kernel` → ("lstm", 2, "recurrent_kernel"), `simple_rnn/bias` →
    /// ("simple_rnn", 0, "bias"); nil for other names.
    static func parseWeightName(_ name: String) -> (kind: String, index: Int, variable: String)? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let layer = parts[0], variable = String(parts[1])
        for kind in LayerConfig.recurrentKinds + ["dense"] where layer.hasPrefix(kind) {
            let rest = layer.dropFirst(kind.count)
            let index: Int
            if rest.isEmpty {
                index = 0
            } else if rest.first == "_", let number = Int(rest.dropFirst()), number > 0, rest.dropFirst().allSatisfy(\.isNumber) {
                index = number
            } else {
                continue
            }
            let variables = kind == "dense" ? ["kernel", "bias"] : ["kernel", "recurrent_kernel", "bias"]
            return variables.contains(variable) ? (kind, index, variable) : nil
        }
        return nil
    }

    /// The first way in which `other` builds a different network from this one, in words
    /// (nil when they compute the same function with the same weights). Initialisers are
    /// ignored: they only matter before training. `self` is called "the checkpoint",
    /// `other` "the model cell", as `ModelFile` uses it.
    public func difference(from other: Architecture, mine: String = "the checkpoint",
                           theirs: String = "the model cell") -> String? {
        if timesteps != other.timesteps || features != other.features {
            return "the input shape is (\(timesteps), \(features)) in \(mine) but (\(other.timesteps), \(other.features)) in \(theirs)"
        }
        if layers.count != other.layers.count {
            return "\(mine) has \(layers.count) layers (\(summary)) but \(theirs) has \(other.layers.count) (\(other.summary))"
        }
        for (index, (a, b)) in zip(layers, other.layers).enumerated() {
            let position = "layer \(index + 1) (\(a.kind))"
            guard a.kind == b.kind else { return "layer \(index + 1) is \(a.kind) in \(mine) but \(b.kind) in \(theirs)" }
            if a.units != b.units { return "\(position) has \(a.units) units in \(mine) but \(b.units) in \(theirs)" }
            for (setting, x, y) in a.settings(comparedWith: b) where x != y {
                return "\(position) has \(setting) \(x) in \(mine) but \(y) in \(theirs)"
            }
        }
        return nil
    }

    /// `lstm(300) → dense(1)`, for messages.
    public var summary: String {
        layers.map { "\($0.kind)(\($0.units))" }.joined(separator: " → ")
    }
}

extension LayerConfig {
    /// The settings that change what two layers of the same kind compute, as
    /// (Keras' argument, this layer's value, `other`'s value), in Keras' order.
    func settings(comparedWith other: LayerConfig) -> [(String, String, String)] {
        switch (self, other) {
        case (.lstm(let x), .lstm(let y)):
            return [("activation", x.activation.rawValue, y.activation.rawValue),
                    ("recurrent_activation", x.recurrentActivation.rawValue, y.recurrentActivation.rawValue),
                    ("return_sequences", "\(x.returnSequences)", "\(y.returnSequences)")]
        case (.gru(let x), .gru(let y)):
            return [("activation", x.activation.rawValue, y.activation.rawValue),
                    ("recurrent_activation", x.recurrentActivation.rawValue, y.recurrentActivation.rawValue),
                    ("reset_after", "\(x.resetAfter)", "\(y.resetAfter)"),
                    ("return_sequences", "\(x.returnSequences)", "\(y.returnSequences)")]
        case (.simpleRNN(let x), .simpleRNN(let y)):
            return [("activation", x.activation.rawValue, y.activation.rawValue),
                    ("return_sequences", "\(x.returnSequences)", "\(y.returnSequences)")]
        case (.dense(let x), .dense(let y)):
            return [("activation", x.activation.rawValue, y.activation.rawValue)]
        default:
            return []
        }
    }
}
