import Foundation

/// A `lesson` command line fit for a file meant for sharing (a chart's text chunks): the
/// lesson as the user named it, never expanded into an absolute path, so no folder
/// or user name of the machine that made it travels with the file.
enum ShareableCommand {
    /// `lesson` and `words`, each shell-quoted.
    static func text(_ words: [String]) -> String {
        (["lesson"] + words).map(shellQuoted).joined(separator: " ")
    }

    /// A relative path as given (`Lessons/01-sine-wave.md`); an absolute one relative to
    /// the current folder when it lies inside it (and that folder is not `/`, which would
    /// keep the whole path), else only its file name.
    static func lessonPath(_ path: String, currentFolder: String = FileManager.default.currentDirectoryPath) -> String {
        guard path.hasPrefix("/") else { return path }
        let folder = currentFolder.hasSuffix("/") ? currentFolder : currentFolder + "/"
        if folder != "/", path.hasPrefix(folder), path.count > folder.count { return String(path.dropFirst(folder.count)) }
        return (path as NSString).lastPathComponent
    }
}
