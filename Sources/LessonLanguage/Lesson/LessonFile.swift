import Foundation

/// Reading a lesson file: a missing or unreadable file is an I/O error (exit 74),
/// a malformed one a lesson error (65).
public enum LessonFile {
    /// Largest lesson accepted: 10 MB of Markdown.
    public static let maximumBytes = 10_000_000

    /// Reads the file as `ReadableFile` opens it: a folder, a FIFO or a device is named
    /// by what it is (and never hangs or fills memory), and a file over the limit is
    /// refused from its size, before it is read.
    public static func load(_ path: String) throws -> Lesson {
        var bytes: [UInt8] = []
        do {
            let file = try ReadableFile(path, what: "a lesson file", limit: maximumBytes)
            bytes.reserveCapacity(file.size)
            try file.forEachChunk(limit: maximumBytes) { bytes.append(contentsOf: $0) }
        } catch let refusal as ReadableFile.Refusal {
            throw LessonError(problem(refusal.reason), file: path, line: 0, column: 0, kind: .io)
        }
        // A byte-order mark is no part of the text (Foundation's decoding dropped it too).
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard let decoded = String(validating: text, as: UTF8.self) else {
            throw LessonError("is not UTF-8 text", file: path, line: 0, column: 0, kind: .invalidLesson)
        }
        return try LessonParser.parse(decoded, path: path)
    }

    /// The refusal in words that follow the lesson's path (`Lessons/x.md: is a folder, ...`).
    private static func problem(_ reason: ReadableFile.Refusal.Reason) -> String {
        switch reason {
        case .unopenable(let cause), .unreadable(let cause): return "cannot read the lesson: \(cause)"
        case .notAFile(let kind): return "is \(kind), not a lesson file"
        case .tooLarge(let size, let limit):
            return "is \(ByteCount.decimal(size)), larger than \(ByteCount.decimal(limit)); a lesson is a Markdown file"
        case .grew(let limit): return "grew past \(ByteCount.decimal(limit)) while it was read; a lesson is a Markdown file"
        }
    }
}
