/// One line of a chart: points (x[i], y[i]) joined in order. A non-finite value
/// (or, on a log axis, a value ≤ 0) leaves a gap in the line.
public struct Series: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var color: Color
    /// Line width in pixels.
    public var width: Double
    /// Shown in the legend; a series without a label has no legend entry.
    public var label: String?

    public init(x: [Double], y: [Double], color: Color, width: Double = 2, label: String? = nil) {
        self.x = x
        self.y = y
        self.color = color
        self.width = width
        self.label = label
    }

    /// Points at x = 0, 1, 2, ...
    public init(y: [Double], color: Color, width: Double = 2, label: String? = nil) {
        self.init(x: y.indices.map(Double.init), y: y, color: color, width: width, label: label)
    }
}
