import LessonLanguage
import Foundation

/// A lesson as `lesson` alone lists it.
public struct LessonSummary: Equatable, Sendable {
    public enum Status: Equatable, Sendable {
        case neverRun
        case done
        /// Some cells are stale or never ran: the first reason.
        case stale(String)
        /// The lesson does not check: the error's headline.
        case invalid(String)
    }

    public var path: String
    public var title: String
    public var cells: Int
    public var status: Status
}

/// The lessons in `folder` (`*.md`, ordered by file name) with their states; a missing
/// folder is an I/O error.
public func lessonSummaries(in folder: String = "Lessons", resultRoot: String = "result") throws -> [LessonSummary] {
    let paths = try lessonPaths(in: folder)
    return paths.map { path in
        var options = RunOptions(lessonPath: path)
        options.resultRoot = resultRoot
        let runner = LessonRunner(options: options, observer: SilentObserver())
        do {
            let lesson = try runner.check()
            let states = try runner.cellStates()
            let status: LessonSummary.Status
            if states.allSatisfy({ $0.status == .neverRun }) {
                status = .neverRun
            } else if let first = states.first(where: { $0.status != .fresh }) {
                if case .stale(let reason) = first.status {
                    status = .stale("cell \(first.index) (\(first.kind.rawValue)): \(reason)")
                } else if case .failed(let reason) = first.status {
                    status = .stale("cell \(first.index) (\(first.kind.rawValue)) failed: \(reason)")
                } else {
                    status = .stale("cell \(first.index) (\(first.kind.rawValue)) never ran")
                }
            } else {
                status = .done
            }
            return LessonSummary(path: path, title: lesson.title, cells: lesson.cells.count, status: status)
        } catch let error as LessonError {
            return LessonSummary(path: path, title: LessonParser.slugOf(path), cells: 0, status: .invalid(error.headline))
        } catch {
            return LessonSummary(path: path, title: LessonParser.slugOf(path), cells: 0, status: .invalid("\(error)"))
        }
    }
}

/// `folder/*.md` sorted by name; an error when the folder is missing or holds none.
public func lessonPaths(in folder: String = "Lessons") throws -> [String] {
    let names: [String]
    do {
        names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
        throw LessonError("no lessons here: there is no folder '\(folder)' in the current directory; "
                          + "run lesson from the project folder or give a lesson file", file: folder, line: 0, column: 0, kind: .io)
    }
    let lessons = names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    guard !lessons.isEmpty else {
        throw LessonError("no lessons here: '\(folder)' holds no .md files", file: folder, line: 0, column: 0, kind: .io)
    }
    return lessons.map { OutputFiles.join(folder, $0) }
}
