/// Keras 3 weight paths and the checkpoint names LSTMCore uses.
///
/// Keras 3 (3.15, read from `variable.path` of a `Sequential`) names weights
///
///     sequential/lstm/lstm_cell/kernel             [in, 4H]
///     sequential/lstm/lstm_cell/recurrent_kernel   [H, 4H]
///     sequential/lstm/lstm_cell/bias               [4H]
///     sequential/lstm_1/lstm_cell/kernel           (second LSTM: the layer is lstm_1,
///                                                   its cell is still lstm_cell)
///     sequential/gru/gru_cell/kernel               [in, 3H]  (recurrent_kernel [H, 3H],
///                                                   bias [2, 3H], or [3H] without reset_after)
///     sequential/simple_rnn/simple_rnn_cell/kernel [in, H]   (recurrent_kernel [H, H], bias [H])
///     sequential/dense/kernel, sequential/dense/bias
///
/// where `sequential` is the model's name (`sequential_1`, ... for later models in the
/// same session; a layer's path without its model is `lstm/lstm_cell/kernel`). Our names
/// drop the model and the cell: `lstm/kernel`, `lstm_1/recurrent_kernel`, `gru/bias`,
/// `simple_rnn/kernel`, `dense/bias`.
/// TensorFlow-style names with an output index (`dense/kernel:0`) and Keras 2's numbered
/// cells (`lstm_1/lstm_cell_1/kernel:0`) map the same way.
public enum KerasNames {
    /// Our checkpoint name for a Keras weight path, or nil when the path does not end in an
    /// LSTM, GRU, SimpleRNN or Dense weight. Our own names map to themselves.
    public static func checkpointName(forKerasPath path: String) -> String? {
        var trimmed = Substring(path)
        if let colon = trimmed.lastIndex(of: ":"), trimmed[trimmed.index(after: colon)...].allSatisfy(\.isNumber) {
            trimmed = trimmed[..<colon]
        }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let variable = parts.last else { return nil }
        var layerIndex = parts.count - 2
        if let kind = LayerConfig.recurrentKinds.first(where: { isLayer(parts[layerIndex], kind: $0 + "_cell") }) {
            guard layerIndex >= 1 else { return nil }
            layerIndex -= 1
            guard isLayer(parts[layerIndex], kind: kind) else { return nil }
        }
        let layer = parts[layerIndex]
        if LayerConfig.recurrentKinds.contains(where: { isLayer(layer, kind: $0) }),
           ["kernel", "recurrent_kernel", "bias"].contains(variable) {
            return "\(layer)/\(variable)"
        }
        if isLayer(layer, kind: "dense"), ["kernel", "bias"].contains(variable) {
            return "\(layer)/\(variable)"
        }
        return nil
    }

    /// Renames every tensor whose name is a Keras weight path to our name and keeps the
    /// others as they are. Throws when two tensors would get the same name (a file holding
    /// both `lstm/kernel` and `sequential/lstm/lstm_cell/kernel` is ambiguous).
    public static func renamingKerasPaths(_ tensors: [NamedTensor], path: String) throws -> [NamedTensor] {
        var origin: [String: String] = [:]
        return try tensors.map { tensor in
            var renamed = tensor
            renamed.name = checkpointName(forKerasPath: tensor.name) ?? tensor.name
            if let earlier = origin[renamed.name] {
                throw CheckpointError(path: path, problem:
                    "tensors '\(earlier)' and '\(tensor.name)' both name the weight '\(renamed.name)'; keep one of them")
            }
            origin[renamed.name] = tensor.name
            return renamed
        }
    }

    /// `kind` or `kind_<digits>`: Keras' automatic layer names.
    private static func isLayer(_ name: Substring, kind: String) -> Bool {
        guard name.hasPrefix(kind) else { return false }
        let rest = name.dropFirst(kind.count)
        if rest.isEmpty { return true }
        guard rest.first == "_" else { return false }
        let digits = rest.dropFirst()
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
