import LessonLanguage
import Foundation

/// The exit code of the `lesson` program for an error (README.md, "Command reference"): 1 a failed run
/// (an `expect`, a diverged loss, an interruption), 64 usage, 65 lesson error, 74 I/O.
public func exitCode(for error: Error) -> Int32 {
    switch error {
    case let error as LessonError: return error.exitCode
    case is RunInterrupted, is CellInterrupted: return 1
    case is CocoaError: return 74
    default: return 1
    }
}

/// The message as printed on standard error: `error: Lessons/x.md:57:12: model: ...`,
/// the source line and a caret, or the interruption notice.
public func render(_ error: Error, color: Bool) -> String {
    switch error {
    case let error as LessonError: return error.rendered(color: color)
    case let error as RunInterrupted: return error.description
    case let error as CellInterrupted: return error.description
    default: return LessonError.label(color: color) + " " + String(describing: error)
    }
}
