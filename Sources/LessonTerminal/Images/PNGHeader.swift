/// The size a PNG file says it has, from its IHDR chunk: enough to lay the picture out
/// for kitty and iTerm2, which decode the file themselves. Nil when the bytes do not
/// start like a PNG (a lesson may link a JPEG or an SVG: those stay text).
enum PNGHeader {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func size(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        // Signature (8), IHDR length (4) and type (4), then width and height, big-endian.
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func number(at offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let width = number(at: 16), height = number(at: 20)
        guard width > 0, height > 0 else { return nil }
        return (width, height)
    }
}
