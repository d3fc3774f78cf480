/// At most `limit` colours for a sixel picture: the most frequent colours of the
/// picture, every pixel mapped to the nearest of them. Charts have few colours (the
/// background, the axes, the grid, a red and a blue curve and their anti-aliased
/// edges), so the most frequent ones are the ones that matter; a photograph would
/// want a cleverer quantiser, but lessons draw charts.
struct SixelPalette: Equatable {
    /// The colours, most frequent first, as 0xRRGGBB.
    let colors: [UInt32]
    /// For each pixel of the picture, its colour's index in `colors`.
    let indices: [Int]

    init(_ image: RGBImage, limit: Int) {
        let count = image.width * image.height
        var packed = [UInt32](repeating: 0, count: count)
        var frequency: [UInt32: Int] = [:]
        for index in 0..<count {
            let color = UInt32(image.pixels[3 * index]) << 16 | UInt32(image.pixels[3 * index + 1]) << 8
                | UInt32(image.pixels[3 * index + 2])
            packed[index] = color
            frequency[color, default: 0] += 1
        }
        // Ties broken by the colour itself, so the same picture gives the same bytes.
        let colors = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(max(1, limit)).map(\.key)
        var nearest: [UInt32: Int] = [:]
        for (index, color) in colors.enumerated() { nearest[color] = index }
        self.colors = colors
        indices = packed.map { color in
            if let known = nearest[color] { return known }
            let found = SixelPalette.closest(to: color, in: colors)
            nearest[color] = found
            return found
        }
    }

    /// The index of the colour in `colors` nearest to `color` (squared RGB distance).
    static func closest(to color: UInt32, in colors: [UInt32]) -> Int {
        var best = 0, bestDistance = Int.max
        for (index, candidate) in colors.enumerated() {
            let distance = (0..<3).reduce(0) { total, shift in
                let a = Int((color >> (8 * UInt32(shift))) & 0xFF), b = Int((candidate >> (8 * UInt32(shift))) & 0xFF)
                return total + (a - b) * (a - b)
            }
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return best
    }
}
