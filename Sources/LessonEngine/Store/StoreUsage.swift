import SafeFiles
import Foundation

/// What a lesson's store holds and what it takes on disk (`lesson list`), and removing
/// what the latest runs do not use (`lesson clean`). Nothing is removed without saying
/// what and how much.
public struct StoreUsage: Equatable, Sendable {
    public var runs: Int
    public var fits: Int
    public var bytes: Int64

    /// `3 runs, 2 fits, 4.1 MB`.
    public var description: String {
        "\(runs) run\(runs == 1 ? "" : "s"), \(fits) fit\(fits == 1 ? "" : "s"), \(StoreUsage.format(bytes: bytes))"
    }

    static func measure(_ store: ResultStore) -> StoreUsage {
        let runs = store.entries(ResultStore.runsFolder).filter { $0.kind == .file && $0.name.hasSuffix(".json") }.count
        let fits = store.entries(ResultStore.fitsFolder).filter { $0.kind == .folder }.count
        return StoreUsage(runs: runs, fits: fits, bytes: store.rootForReading().map { size(of: "", in: $0) } ?? 0)
    }

    /// Bytes of the files under `name` in `folder` (a file or a folder), by descriptor,
    /// links not followed.
    static func size(of name: String, in folder: Folder) -> Int64 {
        guard let found = name.isEmpty ? (.folder, 0) : folder.stat(of: name) else { return 0 }
        guard found.kind == .folder else { return found.kind == .file ? found.size : 0 }
        guard let below = try? folder.folder(name) else { return 0 }
        var total: Int64 = 0
        for entry in (try? below.entries()) ?? [] {
            total += entry.kind == .folder ? size(of: entry.name, in: below) : entry.size
        }
        return total
    }

    /// `812 B`, `4.1 kB`, `45.4 MB`, `1.2 GB` (powers of 1000, as `ls -h --si`).
    static func format(bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
