/// A picture as DEC sixel graphics (xterm -ti vt340, foot, mlterm, Windows Terminal,
/// VS Code): `ESC P q`, the raster attributes `"1;1;W;H` (square pixels, the size),
/// the palette as `#n;2;r;g;b` in percent, then the picture in bands six rows high.
/// In a band each colour gets one pass: `#n` and a character per column whose six
/// bits say which of the six pixels have that colour (`?` is none); `$` returns to
/// the band's start for the next colour, `-` goes to the next band. Runs of one
/// character are written `!count char`. `ESC \` ends it.
enum SixelImage {
    static func sequence(_ image: RGBImage, colors limit: Int) -> String {
        let palette = SixelPalette(image, limit: limit)
        var out = "\u{1B}Pq\"1;1;\(image.width);\(image.height)"
        for (index, color) in palette.colors.enumerated() {
            let percent = [16, 8, 0].map { (Int((color >> UInt32($0)) & 0xFF) * 100 + 127) / 255 }
            out += "#\(index);2;\(percent[0]);\(percent[1]);\(percent[2])"
        }
        let bands = (image.height + 5) / 6
        for band in 0..<bands {
            let top = band * 6
            let rows = min(6, image.height - top)
            // Each colour's six-bit column masks in this band, colours in palette order.
            var masks: [Int: [UInt8]] = [:]
            for row in 0..<rows {
                let y = top + row
                for x in 0..<image.width {
                    let color = palette.indices[y * image.width + x]
                    masks[color, default: [UInt8](repeating: 0, count: image.width)][x] |= UInt8(1 << row)
                }
            }
            let passes = masks.keys.sorted()
            for (pass, color) in passes.enumerated() {
                out += "#\(color)" + runs(masks[color] ?? [])
                if pass < passes.count - 1 { out += "$" }
            }
            if band < bands - 1 { out += "-" }
        }
        return out + "\u{1B}\\"
    }

    /// The column masks as sixel characters (`?` + mask), runs of four or more as
    /// `!count char`, trailing empty columns left out (the next pass starts over anyway).
    static func runs(_ masks: [UInt8]) -> String {
        var end = masks.count
        while end > 0 && masks[end - 1] == 0 { end -= 1 }
        var out = ""
        var index = 0
        while index < end {
            var length = 1
            while index + length < end && masks[index + length] == masks[index] { length += 1 }
            let character = String(UnicodeScalar(63 + masks[index]))
            out += length >= 4 ? "!\(length)" + character : String(repeating: character, count: length)
            index += length
        }
        return out
    }
}
