import Foundation

/// Writing outputs: folders made as needed, files replaced atomically.
enum OutputFiles {
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw LessonError("cannot write \(path): \(FileProblem.describe(error, at: path))", file: path, line: 0, column: 0, kind: .io)
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// `value` as pretty-printed JSON with sorted keys (small files a person may read and
    /// diff), written atomically.
    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw LessonError("cannot encode \(path): \(error)", file: path, line: 0, column: 0, kind: .io)
        }
        try write(data, to: path)
    }

    /// Copies `source` over `target` (atomically, folders made as needed).
    static func copy(_ source: String, to target: String) throws {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw LessonError("cannot read \(source)", file: source, line: 0, column: 0, kind: .io)
        }
        try write(data, to: target)
    }

    static func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LessonError("cannot create the folder \(path): \(FileProblem.describe(error, at: path + "/."))", file: path, line: 0,
                              column: 0, kind: .io)
        }
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

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
