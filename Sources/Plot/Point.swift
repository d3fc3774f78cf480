/// A point in pixel space: x to the right, y down; pixel (i, j) covers [i, i+1) × [j, j+1),
/// so its centre is (i + 0.5, j + 0.5). A 1 px line along y = j + 0.5 fills row j exactly.
public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
    /// Both coordinates finite: a polyline breaks (leaves a gap) at any other point.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}
