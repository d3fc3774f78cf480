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
    /// Lengths in pixels of the drawn and skipped parts of a dashed line; nil for solid.
    public var dash: (on: Double, off: Double)?

    public init(x: [Double], y: [Double], color: Color, width: Double = 2, label: String? = nil,
                dash: (on: Double, off: Double)? = nil) {
        self.x = x
        self.y = y
        self.color = color
        self.width = width
        self.label = label
        self.dash = dash
    }

    /// Points at x = 0, 1, 2, ...
    public init(y: [Double], color: Color, width: Double = 2, label: String? = nil) {
        self.init(x: y.indices.map(Double.init), y: y, color: color, width: width, label: label)
    }
}
