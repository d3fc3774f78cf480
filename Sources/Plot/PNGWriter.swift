import CPNG
import Foundation

/// Writes canvases as PNG files through libpng (`CPNG`; `PNGReader` reads them back).
///
/// The file is written to a temporary name in the same folder and renamed over
/// the destination only when complete, so a reader never sees half a PNG and a
/// failed write leaves any previous file in place.
public enum PNGWriter {
    /// Writes `canvas` as an 8-bit RGBA PNG with `text` as text chunks (in order): a value
    /// of ASCII characters only as tEXt, any other as iTXt in UTF-8 (tEXt is Latin-1 only,
    /// and readers differ on its upper half), so "−" and "µ" stay what they are.
    /// - Throws: `PlotError.invalidTextKey` for a key libpng rejects;
    ///   `PlotError.fileError` naming `path` and the reason (missing folder,
    ///   no permission, disk full, rename failed).
    public static func write(_ canvas: Canvas, to path: String, text: [(key: String, value: String)] = []) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PlotError.fileError(path: path, reason: "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        do {
            try write(canvas, descriptor: descriptor, path: path, text: text)
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw PlotError.fileError(path: path, reason: "rename from temporary file failed: \(why)")
        }
    }

    /// Writes `canvas` as `write(_:to:text:)` does, to the open file `descriptor` (which
    /// stays open): the caller made it, relative to a folder's descriptor, and renames it
    /// into place. `path` names the file in errors.
    public static func write(_ canvas: Canvas, descriptor: Int32, path: String, text: [(key: String, value: String)] = []) throws {
        try encode(canvas, text: text, path: path) { pixels, chunks, count, message, capacity in
            cpng_write_rgba_fd(descriptor, pixels, UInt32(canvas.width), UInt32(canvas.height), chunks, count, message, capacity)
        }
    }

    /// Hands the pixels, text chunks and a message buffer to `call` (one of cpng's writers)
    /// and turns its failure into a `PlotError` naming `path`.
    private static func encode(_ canvas: Canvas, text: [(key: String, value: String)], path: String,
                               call: (UnsafePointer<UInt8>?, UnsafeMutablePointer<cpng_text>?, Int32,
                                      UnsafeMutablePointer<CChar>?, Int) -> Int32) throws {
        let keys = try text.map { try latin1Key($0.key) }
        let unicode = text.map { !$0.value.unicodeScalars.allSatisfy(\.isASCII) }
        let values = text.map { Array($0.value.utf8CString.filter { $0 != 0 }) + [0] }
        var message = [CChar](repeating: 0, count: 512)
        let code: Int32 = keys.withCStringArray { keyPointers in
            values.withCStringArray { valuePointers in
                var chunks = zip(keyPointers, valuePointers).enumerated().map { index, pointers in
                    cpng_text(key: pointers.0, value: pointers.1, utf8: unicode[index] ? 1 : 0)
                }
                return canvas.pixels.withUnsafeBufferPointer { pixels in
                    chunks.withUnsafeMutableBufferPointer { chunkBuffer in
                        message.withUnsafeMutableBufferPointer { messageBuffer in
                            call(pixels.baseAddress, chunkBuffer.baseAddress, Int32(chunkBuffer.count),
                                 messageBuffer.baseAddress, messageBuffer.count)
                        }
                    }
                }
            }
        }
        guard code == CPNG_OK else { throw PlotError.fileError(path: path, reason: PlotError.cpngReason(message, code: code)) }
    }

    /// A tEXt key: 1–79 printable Latin-1 characters without leading, trailing or double spaces.
    static func latin1Key(_ key: String) throws -> [CChar] {
        guard (1...79).contains(key.unicodeScalars.count) else {
            throw PlotError.invalidTextKey(key, reason: "must have 1 to 79 characters")
        }
        guard key.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) || (0xA1...0xFF).contains($0.value) }),
              !key.hasPrefix(" "), !key.hasSuffix(" "), !key.contains("  ") else {
            throw PlotError.invalidTextKey(key, reason: "use printable Latin-1 characters and single inner spaces")
        }
        return key.unicodeScalars.map { CChar(bitPattern: UInt8($0.value)) } + [0]
    }
}

extension Array where Element == [CChar] {
    /// Calls `body` with pointers to each NUL-terminated element, valid only during the call.
    func withCStringArray<Result>(_ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
        var pointers: [UnsafePointer<CChar>?] = []
        func nest(_ index: Int) -> Result {
            guard index < count else { return body(pointers) }
            return self[index].withUnsafeBufferPointer { buffer in
                pointers.append(buffer.baseAddress)
                return nest(index + 1)
            }
        }
        return nest(0)
    }
}
