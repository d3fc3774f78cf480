import Foundation

/// A PNG's chunks, read from its bytes without libpng (so tests of what our libpng
/// writer stores do not trust libpng's reader alone): after the 8-byte signature, each
/// chunk is a big-endian length, a 4-letter type, the data and a CRC-32 of type and data.
struct PNGChunks {
    struct Chunk {
        var type: String
        var data: [UInt8]
        var crcMatches: Bool
    }

    enum Problem: Error { case notPNG, truncated(at: Int) }

    static func read(_ path: String) throws -> [Chunk] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count >= 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw Problem.notPNG }
        var chunks: [Chunk] = []
        var offset = 8
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw Problem.truncated(at: offset) }
            let length = Int(bigEndian(bytes, offset))
            guard offset + 12 + length <= bytes.count else { throw Problem.truncated(at: offset) }
            let typeAndData = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let stored = bigEndian(bytes, offset + 8 + length)
            chunks.append(Chunk(type: String(decoding: typeAndData.prefix(4), as: UTF8.self), data: Array(typeAndData.dropFirst(4)),
                                crcMatches: crc32(typeAndData) == stored))
            offset += 12 + length
        }
        return chunks
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// CRC-32 as PNG defines it (ISO 3309, polynomial 0xEDB88320, reflected), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
