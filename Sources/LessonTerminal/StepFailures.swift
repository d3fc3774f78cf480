/// The failed cells of a `lesson step` session that were not mended since, for the
/// program's exit status. A run of cell N replays every cell before it, so when it
/// succeeds it mends the failures of N and of every cell before N.
struct StepFailures {
    /// In the order they happened; at most one per cell.
    private var failures: [(cell: Int, status: Int32)] = []

    mutating func failed(cell: Int, status: Int32) {
        failures.removeAll { $0.cell == cell }
        failures.append((cell, status))
    }

    mutating func succeeded(cell: Int) {
        failures.removeAll { $0.cell <= cell }
    }

    /// The exit status of the latest failure still standing; 0 when none is.
    var status: Int32 { failures.last?.status ?? 0 }
}
