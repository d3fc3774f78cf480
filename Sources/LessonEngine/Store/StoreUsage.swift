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
        let runs = ((try? FileManager.default.contentsOfDirectory(atPath: store.path(ResultStore.runsFolder))) ?? [])
            .filter { $0.hasSuffix(".json") }.count
        let fits = ((try? FileManager.default.contentsOfDirectory(atPath: store.path(ResultStore.fitsFolder))) ?? []).count
        return StoreUsage(runs: runs, fits: fits, bytes: size(of: store.folder))
    }

    /// Bytes of the files under `path` (a file or a folder), symlinks not followed.
    static func size(of path: String) -> Int64 {
        let manager = FileManager.default
        var total: Int64 = 0
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
        guard isFolder.boolValue else {
            return ((try? manager.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        for case let name as String in manager.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() {
            let attributes = try? manager.attributesOfItem(atPath: path + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            }
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
