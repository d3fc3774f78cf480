import LessonLanguage
import Foundation

/// Where a lesson may write and read. Lessons are shared, so one from a stranger must
/// not reach the rest of the disk (README.md, "Writing a lesson"):
///
/// - a name a cell writes to (`plot(file:)`, a checkpoint template, `result_dir`) is
///   relative, without `..`, and after symbolic links are resolved it still lies inside
///   the result folder;
/// - a name a cell reads (`series(csv:)`, `load_model("file")`) is relative to the
///   lesson's folder and, links resolved, lies inside that folder, the result folder or
///   a folder the user allowed with `--allow-read`.
///
/// The user, not the lesson, puts results elsewhere: `--result-dir PATH`. `lesson check`
/// and the step actions ask the same questions here, so they refuse with one message.
struct LessonPaths {
    /// The lesson file's folder.
    let lessonFolder: String
    /// The lesson's result folder, as the user's paths are written.
    let resultFolder: String
    /// `--allow-read` folders.
    let allowedReads: [String]

    init(lessonPath: String, resultFolder: String, allowedReads: [String]) {
        let folder = (lessonPath as NSString).deletingLastPathComponent
        lessonFolder = folder.isEmpty ? "." : folder
        self.resultFolder = resultFolder
        self.allowedReads = allowedReads
    }

    /// The lesson's result folder: `--result-dir` when given; else the setup cell's
    /// `result_dir`, relative to the folder that holds `resultRoot` (`result/other` stays
    /// beside `result/`); else `<resultRoot>/<slug>`.
    static func resultFolder(slug: String, options: RunOptions, resultDir: Value?) throws -> String {
        if let chosen = options.resultDirectory { return chosen }
        // The vocabulary's type (`ArgumentType.fileName`) has refused absolute names and `..`.
        guard case .string(let name)? = resultDir else { return OutputFiles.join(options.resultRoot, slug) }
        let base = (options.resultRoot as NSString).deletingLastPathComponent
        let folder = OutputFiles.join(base, name)
        if !contains(resolved(base.isEmpty ? "." : base), resolved(folder)) {
            throw PathRefusal("result_dir \(ValueFormatter.quoted(name)) leads to \(resolved(folder)) through a symbolic link, "
                              + "outside \(base.isEmpty ? "the current folder" : base); " + elsewhere)
        }
        return folder
    }

    /// What to do instead of writing outside: said in every refusal of a write.
    static let elsewhere = ArgumentType.elsewhere

    /// Why `name` cannot name a file a cell writes (`ArgumentType.fileNameProblem`).
    static func writableNameProblem(_ name: String) -> String? { ArgumentType.fileNameProblem(name) }

    /// The path of `name` inside `folder` (the result folder, or a folder in it), checked:
    /// relative, without `..`, and inside the result folder once links are resolved.
    func writable(_ name: String, in folder: String? = nil) throws -> String {
        let path = OutputFiles.join(folder ?? resultFolder, name)
        if let problem = LessonPaths.writableNameProblem(name) {
            throw PathRefusal("cannot write \(ValueFormatter.quoted(name)): a file a lesson writes must be \(problem); "
                              + LessonPaths.elsewhere)
        }
        let real = LessonPaths.resolved(path)
        guard LessonPaths.contains(LessonPaths.resolved(resultFolder), real) else {
            throw PathRefusal("cannot write \(path): a symbolic link leads it to \(real), outside the result folder "
                              + "\(resultFolder); a lesson writes only inside it (\(LessonPaths.elsewhere))")
        }
        return path
    }

    /// The path of `name` relative to the lesson's folder, checked: once links are
    /// resolved, inside the lesson's folder, the result folder or an allowed folder.
    func readable(_ name: String) throws -> String {
        let path = OutputFiles.join(lessonFolder, name)
        let real = LessonPaths.resolved(path)
        let roots = [lessonFolder, resultFolder] + allowedReads
        guard roots.contains(where: { LessonPaths.contains(LessonPaths.resolved($0), real) }) else {
            throw PathRefusal("cannot read \(ValueFormatter.quoted(name)): it leads to \(real), outside the lesson's "
                              + "folder \(lessonFolder) and its result folder \(resultFolder); to let the lesson read there, "
                              + "give --allow-read \((real as NSString).deletingLastPathComponent) on the command line")
        }
        return path
    }

    /// Whether `path` is `root` or lies below it (both resolved).
    static func contains(_ root: String, _ path: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// `path` made absolute with every symbolic link and `..` resolved, as the system
    /// would follow it; the part that does not exist yet is appended as written.
    static func resolved(_ path: String, depth: Int = 0) -> String {
        let absolute = path.hasPrefix("/") ? path : OutputFiles.join(FileManager.default.currentDirectoryPath, path)
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let parent = (absolute as NSString).deletingLastPathComponent
        let last = (absolute as NSString).lastPathComponent
        guard parent != absolute, depth < 40 else { return absolute }
        let base = resolved(parent, depth: depth + 1)
        // A link whose target does not exist yet still decides where a write lands.
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: OutputFiles.join(base, last)) {
            return resolved(target.hasPrefix("/") ? target : OutputFiles.join(base, target), depth: depth + 1)
        }
        switch last {
        case "..": return (base as NSString).deletingLastPathComponent
        case ".", "": return base
        default: return OutputFiles.join(base, last)
        }
    }
}

/// A path a lesson may not write or read, and what to do instead.
struct PathRefusal: Error {
    var message: String
    init(_ message: String) {
        self.message = message
    }
}
