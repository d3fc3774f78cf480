/// A dashed vertical line across the plot at `x`, with an optional label at its top.
public struct VerticalMarker: Sendable {
    public var x: Double
    public var label: String?
    public var color: Color

    public init(x: Double, label: String? = nil, color: Color = .grey) {
        self.x = x
        self.label = label
        self.color = color
    }
}
