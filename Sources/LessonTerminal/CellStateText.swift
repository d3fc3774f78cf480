import LessonEngine
/// The cells as `lesson list` shows them, one line each, in columns as wide as their
/// widest entry (names make some labels long):
///
///     3  model "faithful-model"  line 139  fresh  (last: ...)
///     4  data                    line 146  stale: EPOCH_NM 4 → 3  (last: ...)
public enum CellStateText {
    public static func lines(_ states: [CellState]) -> [String] {
        let rows = states.map { state -> [String] in
            let label = state.name.map { "\(state.kind.rawValue) \"\($0)\"" } ?? state.kind.rawValue
            var status: String
            switch state.status {
            case .fresh: status = "fresh"
            case .neverRun: status = "never run"
            case .stale(let reason): status = "stale: \(reason)"
            case .failed(let reason): status = "failed: \(reason)"
            }
            if let last = state.lastResult, state.status != .neverRun { status += "  (last: \(last))" }
            return [String(state.index), label, "line \(state.line)", status]
        }
        // Every column but the last is padded to its widest entry, then two spaces.
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row.prefix(3), widths).map { $0 + String(repeating: " ", count: $1 - $0.count + 2) }.joined() + row[3]
        }
    }
}
