import Foundation

/// Cuts bytes that arrive in chunks (`ReadableFile.forEachChunk`) into lines, numbered
/// from 1, at each `\n`; a `\r` before it goes with it (`\r\n` ends a line too). Only
/// a line that spans chunks is copied, so reading a file holds at most its longest line.
struct LineSplitter {
    /// The start of a line whose end has not arrived yet.
    private var partial: [UInt8] = []
    private var number = 0

    /// Hands `line` each line that ends in `chunk`, with its number.
    mutating func split(_ chunk: UnsafeRawBufferPointer, _ line: (Int, UnsafeRawBufferPointer) throws -> Void) rethrows {
        var start = 0
        while let end = LineSplitter.newline(in: chunk, from: start) {
            number += 1
            if partial.isEmpty {
                try line(number, LineSplitter.trimmed(UnsafeRawBufferPointer(rebasing: chunk[start..<end])))
            } else {
                partial.append(contentsOf: chunk[start..<end])
                try partial.withUnsafeBytes { try line(number, LineSplitter.trimmed($0)) }
                partial.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
        partial.append(contentsOf: chunk[start...])
    }

    /// Hands `line` the last line when the bytes did not end with `\n`.
    mutating func finish(_ line: (Int, UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !partial.isEmpty else { return }
        number += 1
        // At the end of the input a `\r` is part of the line, as it is without a `\n` after it.
        try partial.withUnsafeBytes { try line(number, $0) }
        partial.removeAll()
    }

    /// The index of the first `\n` in `chunk` at or after `start` (memchr: a 200 MB
    /// file is scanned in milliseconds, even in a debug build).
    private static func newline(in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < chunk.count, let base = chunk.baseAddress,
              let found = memchr(base + start, Int32(UInt8(ascii: "\n")), chunk.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// `bytes` without the `\r` of a `\r\n`.
    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let last = bytes.last, last == UInt8(ascii: "\r") else { return bytes }
        return UnsafeRawBufferPointer(rebasing: bytes.dropLast())
    }
}
