import Foundation
@testable import Plot
import XCTest

/// `PNGReader` on files our writer does not make: PNGs assembled here byte by byte
/// (IHDR, one IDAT of stored deflate blocks, a Latin-1 tEXt, IEND), so that the colour
/// conversions and the text decoding are checked against the format, not against our
/// writer.
final class PNGReaderTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "png-reader-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testGreyImageComesBackAsOpaqueRGBAWithItsLatin1Text() throws {
        // 3 × 2, 8-bit grey (colour type 0): one byte a pixel.
        let path = try write("grey.png", width: 3, height: 2, bitDepth: 8, colorType: 0,
                             rows: [[0, 128, 255], [255, 128, 0]], text: ("Title", [0x63, 0x61, 0x66, 0xE9]))
        let image = try PNGReader.read(path)
        XCTAssertEqual([image.width, image.height, image.colorType, image.bitDepth], [3, 2, 0, 8], "header as stored")
        XCTAssertEqual(image.pixels, [0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255,
                                      255, 255, 255, 255, 128, 128, 128, 255, 0, 0, 0, 255])
        XCTAssertEqual(image.pixel(x: 1, y: 1), Color(red: 128, green: 128, blue: 128))
        XCTAssertNil(image.pixel(x: 3, y: 0), "outside the image")
        XCTAssertEqual(image.text("Title"), "café", "byte 0xE9 of tEXt is Latin-1 é")
    }

    func testSixteenBitRGBComesBackAsEightBitRGBA() throws {
        // 2 × 1, 16-bit RGB (colour type 2): six big-endian bytes a pixel. 0xFFFF, 0x8080 and
        // 0x0000 are 255, 128 and 0 whether libpng drops the low byte or rounds.
        let path = try write("rgb16.png", width: 2, height: 1, bitDepth: 16, colorType: 2,
                             rows: [[0xFF, 0xFF, 0x80, 0x80, 0x00, 0x00, 0x00, 0x00, 0x80, 0x80, 0xFF, 0xFF]], text: nil)
        let image = try PNGReader.read(path)
        XCTAssertEqual([image.colorType, image.bitDepth], [2, 16], "header as stored")
        XCTAssertEqual(image.pixels, [255, 128, 0, 255, 0, 128, 255, 255])
        XCTAssertTrue(image.text.isEmpty)
    }

    func testAMissingFileIsUnreadableNamingIt() {
        let path = folder + "/missing.png"
        XCTAssertThrowsError(try PNGReader.read(path)) { error in
            guard case let .unreadableFile(named, reason)? = error as? PlotError else { return XCTFail("\(error)") }
            XCTAssertEqual(named, path)
            XCTAssertTrue(reason.hasPrefix("cannot open for reading: "), reason)
            XCTAssertEqual(String(describing: error), "cannot read '\(path)': \(reason)")
        }
    }

    func testAFileThatIsNotAPNGIsUnreadable() throws {
        let path = folder + "/text.png"
        try Data("not a picture\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PNGReader.read(path)) { error in
            guard case let .unreadableFile(named, reason)? = error as? PlotError else { return XCTFail("\(error)") }
            XCTAssertEqual(named, path)
            XCTAssertFalse(reason.isEmpty)
        }
    }

    /// Writes a PNG of `rows` (each row's bytes without its filter byte; filter 0 is added)
    /// and returns its path.
    func write(_ name: String, width: UInt32, height: UInt32, bitDepth: UInt8, colorType: UInt8,
               rows: [[UInt8]], text: (key: String, latin1: [UInt8])?) throws -> String {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: [UInt8]) {
            let typeAndData = Array(type.utf8) + data
            png += bigEndian(UInt32(data.count)) + typeAndData + bigEndian(PNGChunks.crc32(typeAndData))
        }
        // IHDR: width, height, bit depth, colour type, compression 0, filter 0, no interlace.
        chunk("IHDR", bigEndian(width) + bigEndian(height) + [bitDepth, colorType, 0, 0, 0])
        if let text { chunk("tEXt", Array(text.key.utf8) + [0] + text.latin1) }
        chunk("IDAT", zlibStored(rows.flatMap { [0] + $0 }))
        chunk("IEND", [])
        let path = folder + "/" + name
        try Data(png).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A zlib stream (RFC 1950) of one final stored deflate block (RFC 1951, BTYPE 00):
    /// header 78 01, the block's header byte, LEN and its complement little-endian, the
    /// bytes, then the Adler-32 of the bytes big-endian.
    func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count <= 0xFFFF, "one stored block holds at most 65535 bytes")
        let length = UInt16(bytes.count)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            + bytes + bigEndian(b << 16 | a)
    }

    func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(value >> $0 & 0xFF) } }
}
