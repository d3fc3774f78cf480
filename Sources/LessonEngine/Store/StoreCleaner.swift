import Foundation

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
        let ledger = RunLedger.files(in: store).reversed()
        let entries = ledger.map(\.entry)
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
        for (name, _) in ledger.dropFirst(keep) {
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

    /// What `lesson` writes at the top of a result folder: the store's folders, and the
    /// latest run's plots, CSV files and report.
    static let storeFolders: Set<String> = ["store", ResultStore.fitsFolder, ResultStore.runsFolder, "sweeps", "compare"]
    static let outputExtensions: Set<String> = ["png", "csv", "md"]

    private func removeAll() throws -> Removed {
        // `--result-dir` can name any folder: one holding what lesson never writes is not
        // a result folder, and is left alone.
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: store.folder)) ?? []
        let strangers = entries.filter {
            !StoreCleaner.storeFolders.contains($0) && !StoreCleaner.outputExtensions.contains(($0 as NSString).pathExtension)
        }.sorted()
        guard strangers.isEmpty else {
            throw LessonError("\(store.folder) holds what lesson does not write (\(strangers.prefix(3).joined(separator: ", "))"
                              + (strangers.count > 3 ? ", ..." : "") + "), so lesson clean --all leaves it alone; "
                              + "remove it yourself if you mean to", file: store.folder, line: 0, column: 0, kind: .usage)
        }
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
