import Foundation

/// Writing outputs: folders made as needed, files replaced atomically.
enum OutputFiles {
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw LessonError("cannot write \(path): \(error.localizedDescription)", file: path, line: 0, column: 0, kind: .io)
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    static func makeFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LessonError("cannot create the folder \(path): \(error.localizedDescription)", file: path, line: 0, column: 0, kind: .io)
        }
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// `folder/name`, or `name` itself when it is absolute.
    static func join(_ folder: String, _ name: String) -> String {
        if name.hasPrefix("/") || folder.isEmpty || folder == "." { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func isoDate() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
