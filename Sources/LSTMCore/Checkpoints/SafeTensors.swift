import Foundation
import SafeFiles

/// The safetensors format (huggingface/safetensors), F32 tensors only:
///
///     [8 bytes]  n, the header length, unsigned little-endian
///     [n bytes]  UTF-8 JSON object, padded with spaces to a multiple of 8:
///                {"__metadata__": {string: string},            (optional)
///                 "<name>": {"dtype": "F32", "shape": [d0, d1, ...],
///                            "data_offsets": [begin, end]}, ...}
///     [rest]     raw little-endian data; offsets count from the first data byte
///
/// Tensors fill the data exactly: no gaps, no overlaps, no trailing bytes (as Python's
/// `safetensors` requires). Reading checks all of this and throws a `CheckpointError`
/// naming the file and the fault; no input makes it trap.
public enum SafeTensors {
    /// Python's `safetensors` refuses headers above 100 MB; so do we.
    public static let maximumHeaderLength = 100_000_000

    // MARK: Writing

    /// The bytes of a safetensors file holding `tensors` in the given order.
    /// `path` only names the data in errors (duplicate or reserved names, shape/count mismatch).
    public static func encode(_ tensors: [NamedTensor], metadata: [String: String],
                              path: String = "safetensors data") throws -> [UInt8] {
        var seen = Set<String>()
        var header = "{"
        if !metadata.isEmpty {
            let entries = metadata.keys.sorted().map { key in
                "\(jsonString(key)):\(jsonString(metadata[key] ?? ""))"
            }
            header += "\"__metadata__\":{\(entries.joined(separator: ","))}"
        }
        var offset = 0
        for tensor in tensors {
            guard !tensor.name.isEmpty, tensor.name != "__metadata__" else {
                throw CheckpointError(path: path, problem: "a tensor cannot be named '\(tensor.name)'")
            }
            guard seen.insert(tensor.name).inserted else {
                throw CheckpointError(path: path, problem: "two tensors are named '\(tensor.name)'")
            }
            guard let count = NamedTensor.elementCount(of: tensor.shape), count == tensor.values.count else {
                throw CheckpointError(path: path, problem:
                    "tensor '\(tensor.name)' has shape \(tensor.shape) but \(tensor.values.count) values")
            }
            let end = offset + 4 * count
            if header.count > 1 { header += "," }
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            header += "\(jsonString(tensor.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }

        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + headerBytes.count + offset)
        appendLittleEndian(UInt64(headerBytes.count), to: &bytes)
        bytes += headerBytes
        for tensor in tensors {
            for value in tensor.values {
                appendLittleEndian(value.bitPattern, to: &bytes)
            }
        }
        return bytes
    }

    /// Writes a safetensors file atomically: a temporary file in the same folder,
    /// flushed to disk (`fsync`), then renamed over `path`. A crash leaves either the
    /// old file or the new one, never half of one.
    public static func write(_ tensors: [NamedTensor], metadata: [String: String], to place: FilePlace) throws {
        let bytes = try encode(tensors, metadata: metadata, path: place.path)
        try AtomicFile.write(bytes, to: place)
    }

    /// `write(_:metadata:to:)` at a path the user gave (its folder must exist).
    public static func write(_ tensors: [NamedTensor], metadata: [String: String], to path: String) throws {
        try write(tensors, metadata: metadata, to: AtomicFile.place(path, create: false))
    }

    // MARK: Reading

    /// Reads and validates a safetensors file.
    public static func read(_ place: FilePlace) throws -> SafeTensorsContents {
        try decode(AtomicFile.read(place), path: place.path)
    }

    /// `read` at a path the user gave.
    public static func read(_ path: String) throws -> SafeTensorsContents {
        try read(AtomicFile.place(path, create: false))
    }

    /// Validates and decodes the bytes of a safetensors file; `path` names it in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> SafeTensorsContents {
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: path, problem: problem) }

        guard bytes.count >= 8 else {
            throw fail("the file is \(bytes.count) bytes, too short for a safetensors file (it starts with an 8-byte header length); it is truncated or not a checkpoint")
        }
        var declared: UInt64 = 0
        for index in 0..<8 { declared |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard declared <= UInt64(maximumHeaderLength) else {
            throw fail("the header length field says \(declared) bytes, which is absurd (limit \(maximumHeaderLength)); this is not a safetensors file or it is corrupted")
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw fail("truncated: the header says it is \(headerLength) bytes but only \(bytes.count - 8) bytes follow the length field")
        }
        let dataStart = 8 + headerLength
        let (metadata, entries) = try layout(bytes[8..<dataStart], dataLength: bytes.count - dataStart, fail: fail)
        let tensors = entries.map { entry -> NamedTensor in
            var values = [Float]()
            values.reserveCapacity((entry.end - entry.begin) / 4)
            var index = dataStart + entry.begin
            while index < dataStart + entry.end {
                let word = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                    | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
                values.append(Float(bitPattern: word))
                index += 4
            }
            return NamedTensor(name: entry.name, shape: entry.shape, values: values)
        }
        return SafeTensorsContents(tensors: tensors, metadata: metadata)
    }

    /// The metadata and tensor entries a header declares, checked against `dataLength`,
    /// the bytes after it: entries in range, contiguous, filling the data exactly.
    private static func layout(_ headerBytes: ArraySlice<UInt8>, dataLength: Int, fail: (String) -> CheckpointError) throws
        -> (metadata: [String: String], entries: [(name: String, shape: [Int], begin: Int, end: Int)]) {
        let header = try parseHeader(headerBytes, fail: fail)
        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = try parseMetadata(value, fail: fail)
            } else {
                let entry = try parseEntry(name: name, value, fail: fail)
                entries.append((name, entry.shape, entry.begin, entry.end))
            }
        }

        for entry in entries where entry.end > dataLength {
            throw fail("truncated or out of range: tensor '\(entry.name)' ends at data byte \(entry.end) but the file holds only \(dataLength) data bytes")
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expected = 0
        var previous: String?
        for entry in entries {
            if entry.begin < expected {
                throw fail("tensors '\(previous ?? "")' and '\(entry.name)' overlap (data bytes \(entry.begin)..<\(expected))")
            }
            if entry.begin > expected {
                throw fail("there is a gap of \(entry.begin - expected) data bytes before tensor '\(entry.name)'; tensors must be contiguous")
            }
            expected = entry.end
            previous = entry.name
        }
        guard expected == dataLength else {
            throw fail("\(dataLength - expected) trailing bytes after the last tensor; the file is corrupted or was appended to")
        }

        return (metadata, entries)
    }

    /// Reads only the header of the safetensors file at `place` and checks it against the
    /// file's size (every tensor in range, contiguous, no bytes missing or left over), as a
    /// truncated or overwritten checkpoint fails; returns its metadata. The tensors' bytes
    /// are not read (a bit flipped inside them is not found: the format has no checksum).
    public static func readHeader(_ place: FilePlace) throws -> [String: String] {
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: place.path, problem: problem) }
        do {
            guard let (start, size) = try place.folder.readPrefix(place.name, count: 8) else {
                throw fail("cannot open: no such file")
            }
            guard start.count == 8 else { throw fail("the file is \(size) bytes, too short for a safetensors file") }
            var declared: UInt64 = 0
            for index in 0..<8 { declared |= UInt64(start[index]) << (8 * UInt64(index)) }
            guard declared <= UInt64(maximumHeaderLength), Int64(declared) <= size - 8 else {
                throw fail("the header length field says \(declared) bytes, but the file is \(size) bytes; it is truncated or not a checkpoint")
            }
            guard let (bytes, _) = try place.folder.readPrefix(place.name, count: 8 + Int(declared)), bytes.count == 8 + Int(declared) else {
                throw fail("the file changed while it was read")
            }
            return try layout(bytes[8...], dataLength: Int(size) - bytes.count, fail: fail).metadata
        } catch let error as FolderError {
            throw CheckpointError(path: place.path, cause: error)
        }
    }

    // MARK: Header parsing

    /// Data types of the safetensors format other than F32, named in the error so a
    /// user knows to convert (`array.astype(np.float32)`) rather than suspect corruption.
    private static let otherDataTypes: Set<String> = [
        "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
        "I32", "U32", "F64", "I64", "U64",
    ]

    private static func parseHeader(_ slice: ArraySlice<UInt8>,
                                    fail: (String) -> CheckpointError) throws -> [String: HeaderValue] {
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw fail("the header is not UTF-8 text; this is not a safetensors file or it is corrupted")
        }
        guard text.first == "{" else {
            throw fail("the header does not start with '{' (JSON object); this is not a safetensors file or it is corrupted")
        }
        guard HeaderValue.nestingDepth(of: slice) <= 3 else {
            throw fail("the header nests JSON deeper than safetensors does (object, tensor entry, shape); it is corrupted")
        }
        let value: HeaderValue
        do {
            value = try JSONDecoder().decode(HeaderValue.self, from: Data(slice))
        } catch {
            throw fail("the header is not valid JSON (\(HeaderValue.describe(error)))")
        }
        guard case .object(let entries) = value else {
            throw fail("the header is JSON but not an object of tensors")
        }
        return entries
    }

    private static func parseMetadata(_ value: HeaderValue,
                                      fail: (String) -> CheckpointError) throws -> [String: String] {
        guard case .object(let entries) = value else {
            throw fail("__metadata__ must be an object mapping strings to strings, but it is \(value.kind)")
        }
        var metadata: [String: String] = [:]
        for (key, entry) in entries {
            guard case .string(let text) = entry else {
                throw fail("__metadata__ must map strings to strings, but '\(key)' holds \(entry.kind)")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(name: String, _ value: HeaderValue,
                                   fail: (String) -> CheckpointError) throws -> (shape: [Int], begin: Int, end: Int) {
        guard case .object(let fields) = value else {
            throw fail("tensor '\(name)' must be described by an object with dtype, shape and data_offsets, but it is \(value.kind)")
        }
        guard case .string(let dtype)? = fields["dtype"] else {
            throw fail("tensor '\(name)' has no dtype string")
        }
        guard dtype == "F32" else {
            let known = otherDataTypes.contains(dtype) ? "" : " (not a safetensors dtype)"
            throw fail("tensor '\(name)' has dtype \(dtype)\(known); only F32 is supported, so save float32 arrays (numpy: array.astype(np.float32))")
        }
        guard case .array(let dimensions)? = fields["shape"] else {
            throw fail("tensor '\(name)' has no shape array")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .integer(let size) = dimension, size >= 0 else {
                throw fail("tensor '\(name)' has shape entry \(dimension.kind); dimensions must be integers >= 0")
            }
            shape.append(size)
        }
        guard case .array(let offsets)? = fields["data_offsets"], offsets.count == 2,
              case .integer(let begin) = offsets[0], case .integer(let end) = offsets[1],
              begin >= 0, end >= begin else {
            throw fail("tensor '\(name)' needs data_offsets [begin, end] with 0 <= begin <= end")
        }
        let count = NamedTensor.elementCount(of: shape)
        let byteCount = count.map { $0.multipliedReportingOverflow(by: 4) }
        guard let byteCount, !byteCount.overflow, end - begin == byteCount.partialValue else {
            throw fail("tensor '\(name)' has shape \(shape) but its data_offsets [\(begin), \(end)] span \(end - begin) bytes, not 4 bytes per element")
        }
        return (shape, begin, end)
    }

    // MARK: Helpers

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        var word = value.littleEndian
        withUnsafeBytes(of: &word) { bytes.append(contentsOf: $0) }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
