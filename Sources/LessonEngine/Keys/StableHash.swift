import Foundation

/// FNV-1a, 64 bits: a small, stable hash for cache keys (Swift's `Hasher` is seeded
/// per process, so it cannot key results kept between runs).
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte: byte) }
        add(byte: 0)  // separates fields: ("ab", "c") ≠ ("a", "bc")
    }

    mutating func add(_ words: [Int]) {
        for word in words {
            var w = UInt64(bitPattern: Int64(word))
            for _ in 0..<8 {
                add(byte: UInt8(w & 0xff))
                w >>= 8
            }
        }
        add(byte: 0)
    }

    mutating func add(bytes: Data) {
        bytes.withUnsafeBytes { add(chunk: $0) }
        endField()
    }

    /// Adds bytes of a field that arrives in pieces; `endField()` closes it. Adding a
    /// field's bytes in any number of chunks gives the hash of adding them at once,
    /// since FNV-1a takes one byte at a time (a file hashed as it is read keys as it did
    /// when it was read whole).
    mutating func add(chunk: UnsafeRawBufferPointer) {
        var h = value
        for byte in chunk {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        value = h
    }

    /// Ends a field added by `add(chunk:)`, as `add(_:)` ends a string.
    mutating func endField() { add(byte: 0) }

    private mutating func add(byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
    }

    /// 16 lowercase hex digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func of(_ parts: [String]) -> String {
        var hash = StableHash()
        for part in parts { hash.add(part) }
        return hash.hex
    }
}
