#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The name a file is written under before it is renamed into place:
/// `.<name>.<pid>.<random>.tmp`. The writer's process id is part of it, so that a
/// temporary file left by a process that was killed (`kill -9` mid-write) can be told
/// from one being written now, and removed by the next run or `lesson clean`.
public enum TemporaryName {
    public static func make(for name: String, process: Int32 = getpid()) -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return ".\(name).\(process).\(random).tmp"
    }

    /// The process id in a temporary name, or nil when `name` is not one (names of
    /// other shapes, such as the older `.<name>.<UUID>.tmp` or `.<name>.tmp-<random>`,
    /// count as temporary with no known writer: see `isTemporary`).
    public static func process(of name: String) -> Int32? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let parts = name.dropLast(4).split(separator: ".")
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0 else { return nil }
        return pid
    }

    /// Whether `name` is a temporary file of any version of lesson (this one's, the
    /// PNG writer's earlier `.<name>.<UUID>.tmp`, the checkpoints' earlier `.<name>.tmp-<random>`).
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && (name.hasSuffix(".tmp") || name.contains(".tmp-"))
    }

    /// Whether the temporary file `name` was left by a process that no longer runs (or
    /// by an earlier version, which named no process): safe to remove.
    public static func isAbandoned(_ name: String) -> Bool {
        guard isTemporary(name) else { return false }
        guard let pid = process(of: name) else { return true }
        return !isRunning(pid)
    }

    /// Whether process `pid` exists (`kill(pid, 0)`; EPERM means it exists under another user).
    public static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
