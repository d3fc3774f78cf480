/// Formats values as `print` shows them, following Python's `str`/`repr`:
/// floats in shortest round-trip form with a `.0` when integral (`1.0`, `0.5488135039273248`,
/// `1e-05`, `1e+16`, `inf`, `nan`), lists `[1, 2]`, tuples `(1, 2)` and `(1,)`, strings
/// bare at the top level and quoted inside containers. Booleans print as the lesson
/// language writes them: `true`, `false`.
public enum ValueFormatter {
    /// How `print` shows `value` (strings without quotes).
    public static func format(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return representation(value)
    }

    /// How a value shows inside a container (strings quoted).
    public static func representation(_ value: Value) -> String {
        var writer = Writer(room: nil)
        writer.write(value)
        return writer.text
    }

    /// Characters of a user's value or text a message quotes before it cuts it short.
    public static let excerptLength = 60

    /// `representation(value)` cut after `limit` characters with `...`, for messages:
    /// a megabyte string or a million-item list never lands in one whole, and no more
    /// of it is formatted than is shown.
    public static func excerpt(_ value: Value, limit: Int = excerptLength) -> String {
        var writer = Writer(room: limit)
        writer.write(value)
        return writer.text + (writer.isCut ? "..." : "")
    }

    /// `text` cut after `limit` characters with `...` (a CSV field, a column's name).
    public static func excerpt(text: String, limit: Int = excerptLength) -> String {
        text.prefix(limit + 1).count > limit ? text.prefix(limit) + "..." : text
    }

    /// Appends a value's representation piece by piece, stopping once `room`
    /// characters are written (nil: no limit).
    private struct Writer {
        var text = ""
        var room: Int?
        private(set) var isCut = false

        init(room: Int?) { self.room = room }

        mutating func append(_ piece: String) {
            guard !isCut else { return }
            guard let left = room else { return text += piece }
            let count = piece.count
            if count <= left {
                text += piece
                room = left - count
            } else {
                text += piece.prefix(left)
                room = 0
                isCut = true
            }
        }

        mutating func write(_ value: Value) {
            guard !isCut else { return }
            switch value {
            case .int(let i): append(String(i))
            case .double(let d): append(format(double: d))
            case .bool(let b): append(b ? "true" : "false")
            // Only as much of a long string is quoted as can be shown.
            case .string(let s): append(quoted(room.map { String(s.prefix($0)) } ?? s))
            case .tuple(let items):
                append("(")
                writeItems(items)
                append(items.count == 1 ? ",)" : ")")
            case .list(let items):
                append("[")
                writeItems(items)
                append("]")
            case .function(let f): append("<function \(f.name)>")
            case .object(let o):
                append(o.name + "(")
                for (index, key) in o.arguments.keys.sorted().enumerated() {
                    guard let argument = o.arguments[key], !isCut else { continue }
                    append((index == 0 ? "" : ", ") + key + ": ")
                    write(argument)
                }
                append(")")
            case .none: append("none")
            case .unknown: append("<known when run>")
            }
        }

        private mutating func writeItems(_ items: [Value]) {
            for (index, item) in items.enumerated() {
                if isCut { return }
                if index > 0 { append(", ") }
                write(item)
            }
        }
    }

    /// Python's `repr(float)`: Swift's `description` is also the shortest string that
    /// reads back to the same Double and switches to exponent form at the same points
    /// (below 1e-4 and from 1e16), so only the spelling of infinities needs care.
    public static func format(double d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// A string in the language's own syntax: double quotes, `\"`, `\\`, `\n`, `\t` escaped.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
