/// A size in pixels.
struct PixelSize: Equatable {
    var width: Int
    var height: Int

    /// The size when both are positive: a terminal that does not know says 0.
    static func positive(width: Int, height: Int) -> PixelSize? {
        width > 0 && height > 0 ? PixelSize(width: width, height: height) : nil
    }
}
