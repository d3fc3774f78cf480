/// Which weights an `Architecture` holds, how to recover an architecture from weights
/// alone (a Keras export has no metadata), and how two architectures differ.

extension Architecture {
    /// The weights a `Sequential` of this architecture holds, in model order, with
    /// Keras' names: `lstm/kernel [in, 4H]`, `lstm/recurrent_kernel [H, 4H]`,
    /// `lstm/bias [4H]`, …, `dense/kernel [in, units]`, `dense/bias [units]`, where
    /// `in` is the previous layer's units (the features for the first layer).
    public var weightShapes: [(name: String, shape: [Int])] {
        var shapes: [(String, [Int])] = []
        var lstmCount = 0, denseCount = 0
        var inputSize = features
        for layer in layers {
            switch layer {
            case .lstm(let c):
                let name = lstmCount == 0 ? "lstm" : "lstm_\(lstmCount)"
                lstmCount += 1
                shapes += [("\(name)/kernel", [inputSize, 4 * c.units]),
                           ("\(name)/recurrent_kernel", [c.units, 4 * c.units]),
                           ("\(name)/bias", [4 * c.units])]
            case .dense(let c):
                let name = denseCount == 0 ? "dense" : "dense_\(denseCount)"
                denseCount += 1
                shapes += [("\(name)/kernel", [inputSize, c.units]), ("\(name)/bias", [c.units])]
            }
            inputSize = layer.units
        }
        return shapes
    }

    /// The architecture that weights named as ours imply (after `KerasNames`' renaming):
    /// `lstm/kernel [F, 4H]` gives the features F and H units; LSTMs `lstm`, `lstm_1`, …
    /// come first in index order, each but the last with `return_sequences: true`; then
    /// the dense layers `dense`, `dense_1`, … with units from their kernels' columns.
    ///
    /// Weights cannot tell activations or the window length: activations take Keras'
    /// defaults (tanh / sigmoid for an LSTM, linear for dense) and `timesteps` is the
    /// caller's. Shapes that do not chain are left for `ModelFile`'s check to report.
    public static func inferred(fromWeights tensors: [NamedTensor], timesteps: Int) throws -> Architecture {
        var lstm: [Int: [String: [Int]]] = [:]
        var dense: [Int: [String: [Int]]] = [:]
        for tensor in tensors {
            guard let (kind, index, variable) = parseWeightName(tensor.name) else { continue }
            if kind == "lstm" { lstm[index, default: [:]][variable] = tensor.shape } else { dense[index, default: [:]][variable] = tensor.shape }
        }
        func fail(_ message: String) -> ArchitectureError { ArchitectureError(message: message) }
        guard !lstm.isEmpty else {
            throw fail("the weights hold no LSTM (no tensor named lstm/kernel); found \(tensors.map(\.name))")
        }
        func layerName(_ kind: String, _ index: Int) -> String { index == 0 ? kind : "\(kind)_\(index)" }
        func checkContiguous(_ found: [Int: [String: [Int]]], kind: String) throws {
            for index in 0...(found.keys.max() ?? 0) where found[index] == nil {
                throw fail("the weights have \(layerName(kind, found.keys.max() ?? 0)) but no \(layerName(kind, index)); "
                    + "missing tensor \(layerName(kind, index))/kernel")
            }
        }
        try checkContiguous(lstm, kind: "lstm")
        if !dense.isEmpty { try checkContiguous(dense, kind: "dense") }

        var features = 0
        var layers: [LayerConfig] = []
        for index in 0..<lstm.count {
            let name = layerName("lstm", index)
            let variables = lstm[index] ?? [:]
            let units: Int
            if let kernel = variables["kernel"], kernel.count == 2, kernel[1] % 4 == 0, kernel[1] > 0 {
                units = kernel[1] / 4
                if index == 0 { features = kernel[0] }
            } else if let kernel = variables["kernel"] {
                throw fail("\(name)/kernel has shape \(kernel), but an LSTM kernel is [inputs, 4 × units]")
            } else {
                throw fail("missing tensor \(name)/kernel")
            }
            layers.append(.lstm(LSTMLayerConfig(units: units, returnSequences: index < lstm.count - 1)))
        }
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

    /// `lstm_2/recurrent_kernel` → ("lstm", 2, "recurrent_kernel"); nil for other names.
    static func parseWeightName(_ name: String) -> (kind: String, index: Int, variable: String)? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let layer = parts[0], variable = String(parts[1])
        for kind in ["lstm", "dense"] where layer.hasPrefix(kind) {
            let rest = layer.dropFirst(kind.count)
            let index: Int
            if rest.isEmpty {
                index = 0
            } else if rest.first == "_", let number = Int(rest.dropFirst()), number > 0, rest.dropFirst().allSatisfy(\.isNumber) {
                index = number
            } else {
                return nil
            }
            let variables = kind == "lstm" ? ["kernel", "recurrent_kernel", "bias"] : ["kernel", "bias"]
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
            let position = "layer \(index + 1)"
            switch (a, b) {
            case (.lstm(let x), .lstm(let y)):
                if x.units != y.units { return "\(position) (lstm) has \(x.units) units in \(mine) but \(y.units) in \(theirs)" }
                if x.activation != y.activation {
                    return "\(position) (lstm) has activation \(x.activation.rawValue) in \(mine) but \(y.activation.rawValue) in \(theirs)"
                }
                if x.recurrentActivation != y.recurrentActivation {
                    return "\(position) (lstm) has recurrent_activation \(x.recurrentActivation.rawValue) in \(mine) "
                        + "but \(y.recurrentActivation.rawValue) in \(theirs)"
                }
                if x.returnSequences != y.returnSequences {
                    return "\(position) (lstm) has return_sequences \(x.returnSequences) in \(mine) but \(y.returnSequences) in \(theirs)"
                }
            case (.dense(let x), .dense(let y)):
                if x.units != y.units { return "\(position) (dense) has \(x.units) units in \(mine) but \(y.units) in \(theirs)" }
                if x.activation != y.activation {
                    return "\(position) (dense) has activation \(x.activation.rawValue) in \(mine) but \(y.activation.rawValue) in \(theirs)"
                }
            default:
                return "\(position) is \(a.kind) in \(mine) but \(b.kind) in \(theirs)"
            }
        }
        return nil
    }

    /// `lstm(300) → dense(1)`, for messages.
    public var summary: String {
        layers.map { "\($0.kind)(\($0.units))" }.joined(separator: " → ")
    }
}
