/// An opaque picture, 8-bit RGB, top row first: what sixel encodes. Built from RGBA
/// by laying it over white, the charts' own background, since sixel's unset pixels
/// are not reliably transparent across terminals.
struct RGBImage: Equatable {
    let width: Int
    let height: Int
    /// `pixels[3 * (y * width + x) + c]`.
    var pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// `rgba` (4 bytes a pixel, straight alpha) over white; nil when the sizes disagree.
    init?(width: Int, height: Int, rgba: [UInt8]) {
        guard width > 0, height > 0, rgba.count == width * height * 4 else { return nil }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            let alpha = Int(rgba[4 * index + 3])
            for channel in 0..<3 {
                let value = Int(rgba[4 * index + channel])
                pixels[3 * index + channel] = UInt8((value * alpha + 255 * (255 - alpha) + 127) / 255)
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// This picture shrunk to `width` × `height` (no larger than it is) with a box
    /// filter: each new pixel is the area-weighted mean of the old pixels it covers,
    /// so thin chart lines fade rather than vanish as they would with sampling.
    func scaledDown(width newWidth: Int, height newHeight: Int) -> RGBImage {
        let w = max(1, min(width, newWidth)), h = max(1, min(height, newHeight))
        guard w != width || h != height else { return self }
        let scaleX = Double(width) / Double(w), scaleY = Double(height) / Double(h)
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            let top = Double(y) * scaleY, bottom = top + scaleY
            for x in 0..<w {
                let left = Double(x) * scaleX, right = left + scaleX
                var sum = (0.0, 0.0, 0.0), area = 0.0
                for sy in Int(top)..<min(height, Int(bottom.rounded(.up))) {
                    let coverY = min(bottom, Double(sy + 1)) - max(top, Double(sy))
                    guard coverY > 0 else { continue }
                    for sx in Int(left)..<min(width, Int(right.rounded(.up))) {
                        let cover = coverY * (min(right, Double(sx + 1)) - max(left, Double(sx)))
                        guard cover > 0 else { continue }
                        let index = 3 * (sy * width + sx)
                        sum.0 += cover * Double(pixels[index])
                        sum.1 += cover * Double(pixels[index + 1])
                        sum.2 += cover * Double(pixels[index + 2])
                        area += cover
                    }
                }
                let index = 3 * (y * w + x)
                out[index] = UInt8((sum.0 / area).rounded())
                out[index + 1] = UInt8((sum.1 / area).rounded())
                out[index + 2] = UInt8((sum.2 / area).rounded())
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }
}
