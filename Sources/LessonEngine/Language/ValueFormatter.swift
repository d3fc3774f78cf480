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

    /// How a value shows inside a container or a message (strings quoted).
    public static func representation(_ value: Value) -> String {
        switch value {
        case .int(let i): return String(i)
        case .double(let d): return format(double: d)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoted(s)
        case .tuple(let items):
            if items.count == 1 { return "(\(representation(items[0])),)" }
            return "(" + items.map(representation).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(representation).joined(separator: ", ") + "]"
        case .function(let f): return "<function \(f.name)>"
        case .object(let o):
            let args = o.arguments.keys.sorted().compactMap { key in o.arguments[key].map { "\(key): \(representation($0))" } }
            return "\(o.name)(\(args.joined(separator: ", ")))"
        case .none: return "none"
        case .unknown: return "<known when run>"
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
