import Foundation

/// Watches files by looking at them every `interval` seconds: a changed modification
/// time, size or inode (a save by rename makes a new one), or a file that appeared or
/// disappeared, counts as a change. Portable, and cheap for the few files of a lesson.
public final class PollingWatcher: FileChangeSource {
    /// What a file looked like at the last look; all nil when it did not exist.
    private struct Look: Equatable {
        var modified: Date?
        var size: UInt64?
        var inode: UInt64?
    }

    public let interval: Double
    /// Given path → its look at the last check.
    private var looks: [String: Look] = [:]
    private var lastCheck: Date?

    public init(interval: Double = 0.3) {
        self.interval = interval
    }

    public func watch(_ files: [String]) {
        var next: [String: Look] = [:]
        for file in files { next[file] = looks[file] ?? Self.look(at: file) }
        looks = next
    }

    public func changes(waitingAtMost timeout: Double) -> Set<String> {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            // Look no more often than every `interval`, however short the caller's timeouts.
            let due = lastCheck.map { $0.addingTimeInterval(interval) } ?? Date()
            if due > deadline {
                Thread.sleep(until: deadline)
                return []
            }
            Thread.sleep(until: due)
            lastCheck = Date()
            var changed: Set<String> = []
            for (file, before) in looks {
                let now = Self.look(at: file)
                if now != before {
                    changed.insert(file)
                    looks[file] = now
                }
            }
            if !changed.isEmpty || Date() >= deadline { return changed }
        }
    }

    private static func look(at path: String) -> Look {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return Look(modified: nil, size: nil, inode: nil)
        }
        return Look(modified: attributes[.modificationDate] as? Date,
                    size: (attributes[.size] as? NSNumber)?.uint64Value,
                    inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
    }
}
