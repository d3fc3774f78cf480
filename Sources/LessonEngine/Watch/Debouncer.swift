import Foundation

/// Gathers file changes into batches: a batch is due once no change came for `quiet`
/// seconds, so an editor's burst of events for one save (create, write, rename) and
/// several saves in quick succession become one run. A file that never stops changing
/// (a CSV another program appends to) still yields a batch every `longest` seconds,
/// so the watcher does not wait forever.
///
/// Times are seconds on any monotonic clock, passed in, so the rules can be tested
/// without sleeping.
public struct Debouncer: Sendable {
    public let quiet: Double
    public let longest: Double
    /// The files changed since the last batch was taken.
    public private(set) var pending: Set<String> = []
    private var firstChange: Double?
    private var lastChange: Double?

    public init(quiet: Double = 0.2, longest: Double = 2) {
        self.quiet = quiet
        self.longest = max(quiet, longest)
    }

    /// Notes that `files` changed at `time` (an empty set notes nothing).
    public mutating func note(_ files: Set<String>, at time: Double) {
        guard !files.isEmpty else { return }
        pending.formUnion(files)
        if firstChange == nil { firstChange = time }
        lastChange = time
    }

    /// When the pending batch becomes due if nothing else changes (nil when none is pending).
    public var deadline: Double? {
        guard let firstChange, let lastChange else { return nil }
        return min(lastChange + quiet, firstChange + longest)
    }

    /// The pending batch when it is due at `time`, and forgets it; nil otherwise.
    public mutating func take(at time: Double) -> Set<String>? {
        guard let deadline, time >= deadline else { return nil }
        defer {
            pending = []
            firstChange = nil
            lastChange = nil
        }
        return pending
    }
}
