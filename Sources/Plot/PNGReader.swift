import CPNG

/// Reads PNG files through libpng (`CPNG`) for the tests, the tools and the terminal's
/// pictures; `PNGWriter` writes them.
public enum PNGReader {
    /// Reads `path` as 8-bit RGBA (libpng converts any colour type and bit depth) with its
    /// text chunks in file order, tEXt and zTXt decoded as Latin-1 and iTXt as UTF-8.
    /// - Throws: `PlotError.unreadableFile` naming `path` and libpng's or the system's reason.
    public static func read(_ path: String) throws -> PNGImage {
        var image = cpng_image()
        var message = [CChar](repeating: 0, count: 512)
        let code = message.withUnsafeMutableBufferPointer { buffer in
            cpng_read_rgba(path, &image, buffer.baseAddress, buffer.count)
        }
        guard code == CPNG_OK else { throw PlotError.unreadableFile(path: path, reason: PlotError.cpngReason(message, code: code)) }
        defer { cpng_image_free(&image) }
        let count = Int(image.width) * Int(image.height) * 4
        let pixels = image.rgba.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        var text: [(key: String, value: String)] = []
        for index in 0..<Int(max(0, image.text_count)) {
            guard let key = image.text_keys?[index], let value = image.text_values?[index] else { continue }
            let utf8 = image.text_utf8?[index] == 1
            text.append((fromLatin1(key), utf8 ? String(cString: value) : fromLatin1(value)))
        }
        return PNGImage(width: Int(image.width), height: Int(image.height), colorType: Int(image.color_type),
                        bitDepth: Int(image.bit_depth), pixels: pixels, text: text)
    }

    /// A NUL-terminated string whose every byte is one Latin-1 character (U+0000…U+00FF).
    static func fromLatin1(_ pointer: UnsafeMutablePointer<CChar>) -> String {
        var text = ""
        var cursor = pointer
        while cursor.pointee != 0 {
            text.unicodeScalars.append(Unicode.Scalar(UInt8(bitPattern: cursor.pointee)))
            cursor += 1
        }
        return text
    }
}

/// A PNG as read back: header fields as stored, pixels as 8-bit RGBA, text chunks in file order.
public struct PNGImage {
    public let width: Int
    public let height: Int
    /// IHDR colour type: 6 is RGBA.
    public let colorType: Int
    public let bitDepth: Int
    /// `[height, width, 4]` bytes, rows top to bottom.
    public let pixels: [UInt8]
    public let text: [(key: String, value: String)]

    /// The value of the first text chunk named `key`, or nil.
    public func text(_ key: String) -> String? { text.first { $0.key == key }?.value }

    /// The colour at (x, y), or nil outside the image.
    public func pixel(x: Int, y: Int) -> Color? {
        guard x >= 0, y >= 0, x < width, y < height, pixels.count == width * height * 4 else { return nil }
        let index = 4 * (y * width + x)
        return Color(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2], alpha: pixels[index + 3])
    }
}
