import Synchronization

/// Set by a SIGINT handler, read by fit after every batch. Lock-free, so a signal
/// handler may call `request()`.
public final class Interrupt: Sendable {
    private let flag = Atomic<Int>(0)

    public init() {}

    /// Asks the running fit to stop after its current batch. Returns how many times
    /// it was asked before (a second Ctrl-C can then exit at once).
    @discardableResult
    public func request() -> Int { flag.add(1, ordering: .sequentiallyConsistent).oldValue }

    public var isRequested: Bool { flag.load(ordering: .sequentiallyConsistent) > 0 }

    /// Forgets a request (between cells of `lesson step`).
    public func reset() { flag.store(0, ordering: .sequentiallyConsistent) }
}
