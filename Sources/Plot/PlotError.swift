/// Everything that can go wrong while building, drawing or writing a chart.
/// Each message says what is wrong and what to do about it.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A colour name that is neither a known name nor `#rrggbb`.
    case unknownColor(String, valid: [String])
    /// A series with no points, or x and y of different lengths.
    case invalidSeries(label: String, reason: String)
    /// A chart with nothing to draw on some axis (no finite value, or none positive on a log axis).
    case noDrawableData(reason: String)
    /// An image size that cannot hold the chart's margins.
    case invalidSize(width: Int, height: Int, reason: String)
    /// A PNG text chunk whose key libpng would reject (1–79 printable Latin-1 characters).
    case invalidTextKey(String, reason: String)
    /// Writing a PNG failed: the path and the reason from the system or libpng.
    case fileError(path: String, reason: String)
    /// Reading a PNG failed: the path and the reason from the system or libpng.
    case unreadableFile(path: String, reason: String)
    /// FreeType failed on the embedded font: the function and its error code (fterrdef.h).
    case fontError(call: String, code: Int32)

    public var description: String {
        switch self {
        case let .unknownColor(name, valid):
            return "unknown colour '\(name)': use one of \(valid.joined(separator: ", ")) or #rrggbb"
        case let .invalidSeries(label, reason):
            return "series '\(label)': \(reason)"
        case let .noDrawableData(reason):
            return "nothing to plot: \(reason)"
        case let .invalidSize(width, height, reason):
            return "image size \(width)×\(height): \(reason)"
        case let .invalidTextKey(key, reason):
            return "PNG text key '\(key)': \(reason)"
        case let .fileError(path, reason):
            return "cannot write '\(path)': \(reason)"
        case let .unreadableFile(path, reason):
            return "cannot read '\(path)': \(reason)"
        case let .fontError(call, code):
            return "FreeType \(call) failed with error \(code) on the embedded DejaVu Sans; the FreeType library may be broken"
        }
    }
}

extension PlotError {
    /// libpng's message from cpng's `error_message` buffer, or the bare code when cpng
    /// wrote none.
    static func cpngReason(_ message: [CChar], code: Int32) -> String {
        let text = message.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { String(cString: $0) } ?? ""
        }
        return text.isEmpty ? "cpng error code \(code)" : text
    }
}
