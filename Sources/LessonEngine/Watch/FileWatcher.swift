import Foundation

/// Tells which of a set of files changed. Implementations watch the folders that hold
/// the files, not the files themselves: editors that save by writing a temporary file
/// and renaming it over the original (vim, many IDEs) replace the file's inode, and a
/// watch on the old inode would never fire again.
public protocol FileChangeSource: AnyObject {
    /// Watches these files from now on, replacing the earlier set; paths as the user
    /// gave them (relative to the current directory or absolute).
    func watch(_ files: [String])
    /// Waits at most `timeout` seconds for changes and returns the watched files (as
    /// given to `watch`) that changed; empty when none did in that time.
    func changes(waitingAtMost timeout: Double) -> Set<String>
}

public enum FileWatcher {
    /// inotify on Linux; elsewhere, or when inotify cannot be set up (no instances
    /// left), modification times polled every 300 ms.
    public static func make() -> FileChangeSource {
        #if os(Linux)
        if let watcher = InotifyWatcher() { return watcher }
        #endif
        return PollingWatcher()
    }

    /// The absolute, standardised form of `path` (`./a/../b.md` → `/cwd/b.md`), so that
    /// two spellings of one file compare equal.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The folder holding the absolute `path`.
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "/" : folder
    }
}
