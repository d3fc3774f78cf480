/// An error in a lesson, located at a file, line and column, as the compiler-style
/// message `error: Lessons/x.md:57:12: model: unknown layer 'lsmt' (did you mean 'lstm'?)`
/// followed by the source line and a caret under the column.
public struct LessonError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What kind of failure this is; the program maps it to its exit code.
    public enum Kind: Sendable, Equatable {
        /// The lesson is wrong (syntax, vocabulary, types, values): exit 65.
        case invalidLesson
        /// The lesson is well formed but a run failed (`expect`, a diverged loss): exit 1.
        case failedRun
        /// A file could not be read or written: exit 74.
        case io
        /// The command line is wrong (no such cell, a bad `--set`): exit 64.
        case usage
        /// Another process holds what this one needs (a fit that is training): exit 75,
        /// EX_TEMPFAIL; trying again later can succeed.
        case busy
    }

    public var kind: Kind
    /// The lesson file as the user named it (`Lessons/01-sine-wave.md`).
    public var file: String
    /// 1-based line in `file`; 0 when the error is about the whole file.
    public var line: Int
    /// 1-based column (in characters) in that line; 0 when unknown.
    public var column: Int
    /// The step kind of the cell the error is in, shown before the message.
    public var step: StepKind?
    public var message: String
    /// The text of `line` in the file, shown under the message with a caret.
    public var sourceLine: String?

    public init(_ message: String, file: String, line: Int, column: Int,
                step: StepKind? = nil, sourceLine: String? = nil, kind: Kind = .invalidLesson) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.step = step
        self.message = message
        self.sourceLine = sourceLine
    }

    /// Exit code of the `lesson` program for this error (README.md, "Command reference").
    public var exitCode: Int32 {
        switch kind {
        case .invalidLesson: return 65
        case .failedRun: return 1
        case .io: return 74
        case .usage: return 64
        case .busy: return 75
        }
    }

    /// `file:line:column: step: message`, without the source line.
    public var headline: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if line > 0 && column > 0 { location += ":\(column)" }
        let prefix = step.map { "\($0.rawValue): " } ?? ""
        return "\(location): \(prefix)\(message)"
    }

    /// The full message: `error: <headline>`, then the source line and a caret under
    /// the column. With `color`, "error:" is bold red and the caret green.
    public func rendered(color: Bool = false) -> String {
        let label = LessonError.label(color: color)
        var text = "\(label) \(headline)"
        if let source = sourceLine, line > 0 {
            // Tabs keep their width under the caret by being copied into its padding.
            let shown = String(source.prefix(400))
            text += "\n" + shown
            if column > 0 {
                let padding = shown.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
                let caret = color ? "\u{1B}[1;32m^\u{1B}[0m" : "^"
                text += "\n" + padding + caret
            }
        }
        return text
    }

    public var description: String { rendered() }

    /// `error:`, bold red with `color`: how every error the program shows begins.
    public static func label(color: Bool) -> String { color ? "\u{1B}[1;31merror:\u{1B}[0m" : "error:" }
}
