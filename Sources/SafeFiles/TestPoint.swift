#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hooks for the hostile-folder tests (Tests/EndToEndTests/HostileFolderTests.swift):
/// with `LESSON_TEST_SWAP=<point>|<path>|<target>` in the environment, the first time
/// the program reaches `point` it moves `path` (absolute) aside to `<path>.swapped` and
/// puts a symbolic link to `target` in its place, as an attacker racing the program
/// would; with `LESSON_TEST_KILL=<point>|<n>`, the n-th time it reaches `point` it
/// kills itself with SIGKILL, as `kill -9` would at that moment. Without the variables
/// (as users run it) `reached` does nothing.
public enum TestPoint: String, Sendable {
    /// A fit has written its `fit.json` and is about to train.
    case afterFitJSON = "after-fit-json"
    /// A fit has finished an epoch and written its files.
    case betweenEpochs = "between-epochs"
    /// A file is written to its temporary name and about to be renamed into place
    /// (the swap happens when the file lies below `path`).
    case beforeRename = "before-rename"

    private static let swap: (point: TestPoint, path: String, target: String)? = {
        guard let value = getenv("LESSON_TEST_SWAP").map({ String(cString: $0) }) else { return nil }
        let parts = value.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let point = TestPoint(rawValue: parts[0]) else { return nil }
        return (point, parts[1], parts[2])
    }()
    nonisolated(unsafe) private static var done = false

    private static let kill: (point: TestPoint, count: Int)? = {
        guard let value = getenv("LESSON_TEST_KILL").map({ String(cString: $0) }) else { return nil }
        let parts = value.split(separator: "|").map(String.init)
        guard parts.count == 2, let point = TestPoint(rawValue: parts[0]), let count = Int(parts[1]) else { return nil }
        return (point, count)
    }()
    nonisolated(unsafe) private static var reachedCount = 0

    /// Swaps the configured path for a link if `point` is the configured one (and, for
    /// `beforeRename`, `name` in `folder` lies below the path). Once per process.
    public static func reached(_ point: TestPoint, in folder: Folder? = nil, name: String = "") throws {
        if let kill, kill.point == point {
            reachedCount += 1
            if reachedCount == kill.count { Glibc.kill(getpid(), SIGKILL) }
        }
        guard let swap, !done, swap.point == point else { return }
        if let folder, !(folder.resolvedPath + "/" + name).hasPrefix(swap.path + "/") { return }
        done = true
        guard rename(swap.path, swap.path + ".swapped") == 0, symlink(swap.target, swap.path) == 0 else {
            throw FolderError(path: swap.path, errno: errno, operation: .move)
        }
    }
}
