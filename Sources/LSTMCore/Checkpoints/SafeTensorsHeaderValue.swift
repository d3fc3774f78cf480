import Foundation

/// A JSON value of a safetensors header, decoded without assuming its layout, so the
/// reader can say precisely which field has the wrong type instead of "data corrupted".
enum HeaderValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([HeaderValue])
    case object([String: HeaderValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: HeaderValue].self) {
            self = .object(value)
        } else {
            self = .array(try container.decode([HeaderValue].self))
        }
    }

    /// What the value is, for messages: "a number (1.5)", "an array", ...
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "a boolean (\(value))"
        case .integer(let value): return "an integer (\(value))"
        case .number(let value): return "a number (\(value))"
        case .string(let value): return "a string (\(SafeTensors.jsonString(String(value.prefix(40)))))"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The deepest nesting of `[` / `{` outside strings. Checked before decoding so a
    /// header of a million `[` cannot exhaust the stack of a recursive decoder.
    static func nestingDepth(of bytes: ArraySlice<UInt8>) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// A short reason from a JSONDecoder error.
    static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
