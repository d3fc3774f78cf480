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

/// `lesson clean`: keeps what the newest `keep` runs of the ledger use (their cells'
/// records, fit folders and forecasts) and removes the rest of the store; fits that were
/// interrupted and never finished stay, since `--resume` may still continue them.
/// With `keep` nil, removes the whole result folder.
struct StoreCleaner {
    let store: ResultStore

    struct Removed: Equatable {
        var runs = 0
        var fits = 0
        var records = 0
        var forecasts = 0
        var bytes: Int64 = 0
    }

    func clean(keep: Int?) throws -> Removed {
        guard let keep else { return try removeAll() }
        let entries = RunLedger.entries(in: store).reversed()
        guard !entries.isEmpty else {
            throw LessonError("no run is recorded in \(store.path(ResultStore.runsFolder)), so there is no telling which results "
                              + "the latest run uses; lesson clean --all removes them all", file: store.folder, line: 0, column: 0,
                              kind: .usage)
        }
        let kept = Array(entries.prefix(keep))
        let keys = Set(kept.flatMap(\.keys))
        let folders = Set(kept.flatMap { $0.fits.map(\.folder) })
        let forecasts = Set(kept.flatMap { $0.validates.flatMap(\.forecasts) })
        var removed = Removed()
        for name in files(in: ResultStore.runsFolder) {
            guard let entry = try? JSONDecoder().decode(LedgerEntry.self, from: Data(contentsOf: URL(fileURLWithPath: store.path(ResultStore.runsFolder + "/" + name)))),
                  !kept.contains(entry) else { continue }
            removed.bytes += try remove(ResultStore.runsFolder + "/" + name)
            removed.runs += 1
        }
        for name in files(in: ResultStore.fitsFolder) {
            let folder = ResultStore.fitsFolder + "/" + name
            guard !folders.contains(folder) else { continue }
            // A fit that started and never finished may still be resumed.
            if let started = FitFolder(relative: folder).readStarted(in: store), store.record(key: started.key)?.status != .done {
                continue
            }
            removed.bytes += try remove(folder)
            removed.fits += 1
        }
        for name in files(in: ResultStore.cellsFolder) where !keys.contains(String(name.dropLast(".json".count))) {
            removed.bytes += try remove(ResultStore.cellsFolder + "/" + name)
            removed.records += 1
        }
        for name in files(in: ResultStore.forecastsFolder) where !forecasts.contains(ResultStore.forecastsFolder + "/" + name) {
            removed.bytes += try remove(ResultStore.forecastsFolder + "/" + name)
            removed.forecasts += 1
        }
        return removed
    }

    private func removeAll() throws -> Removed {
        let usage = StoreUsage.measure(store)
        var removed = Removed(runs: usage.runs, fits: usage.fits, records: files(in: ResultStore.cellsFolder).count,
                              forecasts: files(in: ResultStore.forecastsFolder).count, bytes: 0)
        removed.bytes = try remove("")
        return removed
    }

    private func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: store.path(folder))) ?? []).sorted()
    }

    /// Removes a file or folder of the store (the whole store for ""); returns its bytes.
    private func remove(_ relative: String) throws -> Int64 {
        let path = relative.isEmpty ? store.folder : store.path(relative)
        let bytes = StoreUsage.size(of: path)
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw LessonError("cannot remove \(path): \(ResultStore.describe(error))", file: path, line: 0, column: 0, kind: .io)
        }
        return bytes
    }
}
