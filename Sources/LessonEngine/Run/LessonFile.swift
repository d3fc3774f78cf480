import Foundation

/// Reading a lesson file: a missing or unreadable file is an I/O error (exit 74),
/// a malformed one a lesson error (65).
public enum LessonFile {
    /// Largest lesson accepted: 10 MB of Markdown.
    static let maximumBytes = 10_000_000

    public static func load(_ path: String) throws -> Lesson {
        func failure(_ message: String) -> LessonError {
            LessonError(message, file: path, line: 0, column: 0, kind: .io)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw failure("cannot read the lesson: no such file")
        }
        guard !isFolder.boolValue else { throw failure("is a folder, not a lesson file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("cannot read the lesson: permission denied or unreadable") }
        guard data.count <= maximumBytes else { throw failure("is larger than \(maximumBytes / 1_000_000) MB; a lesson is a Markdown file") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LessonError("is not UTF-8 text", file: path, line: 0, column: 0, kind: .invalidLesson)
        }
        return try LessonParser.parse(text, path: path)
    }
}
