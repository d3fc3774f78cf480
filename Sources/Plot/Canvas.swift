/// An RGBA8 raster, top row first, with straight alpha: `pixels[4 * (y * width + x) + c]`.
///
/// Drawing blends "source over" with the source's alpha times its coverage of the
/// pixel, which is how every shape here is anti-aliased.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var pixels: [UInt8]

    /// A canvas filled with `background`. Sizes below 1 become 1 so that the raster is never empty.
    public init(width: Int, height: Int, background: Color = .white) {
        self.width = max(1, width)
        self.height = max(1, height)
        pixels = [UInt8](repeating: 0, count: self.width * self.height * 4)
        for index in stride(from: 0, to: pixels.count, by: 4) {
            pixels[index] = background.red
            pixels[index + 1] = background.green
            pixels[index + 2] = background.blue
            pixels[index + 3] = background.alpha
        }
    }

    /// The colour at (x, y), or nil outside the canvas.
    public func pixel(x: Int, y: Int) -> Color? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let index = 4 * (y * width + x)
        return Color(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2], alpha: pixels[index + 3])
    }

    /// Source-over blend of `color` at (x, y) with weight `coverage` in [0, 1]:
    /// `a = coverage · alpha`, `out = a · src + (1 − a) · dst`, `outA = a + (1 − a) · dstA`.
    /// Outside the canvas nothing happens.
    public mutating func blend(x: Int, y: Int, color: Color, coverage: Double) {
        guard x >= 0, y >= 0, x < width, y < height, coverage > 0 else { return }
        let a = min(1, coverage) * Double(color.alpha) / 255
        let index = 4 * (y * width + x)
        if a >= 1 {
            pixels[index] = color.red
            pixels[index + 1] = color.green
            pixels[index + 2] = color.blue
            pixels[index + 3] = 255
            return
        }
        let keep = 1 - a
        pixels[index] = UInt8((a * Double(color.red) + keep * Double(pixels[index])).rounded())
        pixels[index + 1] = UInt8((a * Double(color.green) + keep * Double(pixels[index + 1])).rounded())
        pixels[index + 2] = UInt8((a * Double(color.blue) + keep * Double(pixels[index + 2])).rounded())
        pixels[index + 3] = UInt8((255 * a + keep * Double(pixels[index + 3])).rounded())
    }

    /// Fills `rect`; a pixel that the rectangle covers partly gets that fraction
    /// (area coverage), so fractional edges are anti-aliased and whole-pixel edges stay crisp.
    public mutating func fillRect(_ rect: Rect, color: Color) {
        guard rect.width > 0, rect.height > 0 else { return }
        let x0 = Canvas.index(rect.x.rounded(.down), limit: width), x1 = Canvas.index(rect.maxX.rounded(.up), limit: width)
        let y0 = Canvas.index(rect.y.rounded(.down), limit: height), y1 = Canvas.index(rect.maxY.rounded(.up), limit: height)
        guard x0 < x1, y0 < y1 else { return }
        for py in y0..<y1 {
            let coverY = min(Double(py + 1), rect.maxY) - max(Double(py), rect.y)
            for px in x0..<x1 {
                let coverX = min(Double(px + 1), rect.maxX) - max(Double(px), rect.x)
                blend(x: px, y: py, color: color, coverage: coverX * coverY)
            }
        }
    }

    /// A pixel coordinate clamped to [0, limit] in Double before converting, so that huge
    /// or non-finite coordinates (data far off the canvas) can never trap in `Int(_:)`.
    static func index(_ coordinate: Double, limit: Int) -> Int {
        guard coordinate > 0 else { return 0 }  // also NaN
        return coordinate >= Double(limit) ? limit : Int(coordinate)
    }
}
