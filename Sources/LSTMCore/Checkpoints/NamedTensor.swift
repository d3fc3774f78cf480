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
