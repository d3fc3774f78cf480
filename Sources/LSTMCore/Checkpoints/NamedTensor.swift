/// One tensor of a checkpoint: a name (`lstm/kernel`), a shape (`[in, 4H]`) and its values
/// in row-major order, `values.count == shape.product`.
public struct NamedTensor: Equatable, Sendable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// The number of elements the shape describes, or nil when a dimension is negative
    /// or the product overflows `Int` (a scalar, shape `[]`, has one element).
    public static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}

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
