/// What a safetensors file holds: its tensors in data order and its string metadata.
public struct SafeTensorsContents: Equatable, Sendable {
    public var tensors: [NamedTensor]
    public var metadata: [String: String]

    public init(tensors: [NamedTensor], metadata: [String: String]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor with this name, if the file has one.
    public subscript(name: String) -> NamedTensor? {
        tensors.first { $0.name == name }
    }

    /// Tensor names in data order.
    public var names: [String] { tensors.map(\.name) }
}
