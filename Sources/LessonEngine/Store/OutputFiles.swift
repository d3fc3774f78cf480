import LessonLanguage
import Foundation

/// Helpers for the files a run writes: JSON bytes, paths joined as messages show them, and dates that sort.
enum OutputFiles {
    /// `value` as pretty-printed JSON with sorted keys (small files a person may read and
    /// diff); `path` names it in an error.
    static func json<T: Encodable>(_ value: T, naming path: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw LessonError("cannot encode \(path): a value cannot be written as JSON", file: path, line: 0, column: 0, kind: .io)
        }
    }

    /// `folder/name`, or `name` itself when it is absolute.
    static func join(_ folder: String, _ name: String) -> String {
        if name.hasPrefix("/") || folder.isEmpty || folder == "." { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Now, as ISO 8601 with milliseconds (`2026-12-05T13:42:47.123Z`): results made in
    /// the same second still sort in the order they were made.
    static func isoDate() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
