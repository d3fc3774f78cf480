import LessonLanguage
import SafeFiles
import Foundation

/// `lesson clean`: keeps what the newest `keep` runs of the ledger use (their cells'
/// records, fit folders and forecasts) and removes the rest of the store; fits that were
/// interrupted and never finished stay, since `--resume` may still continue them.
/// With `keep` nil, removes everything lesson wrote in the result folder.
///
/// It removes only what it recognises as lesson's own, by name (`StoreFileNames`), and
/// walks the folder by descriptor: a link is refused when the store opens, and a file
/// it does not recognise is listed and left where it is. A fit that is training (its
/// lock held by another process) is skipped, and said so.
struct StoreCleaner {
    let store: ResultStore

    struct Removed: Equatable {
        var runs = 0
        var fits = 0
        var records = 0
        var forecasts = 0
        var bytes: Int64 = 0
        /// Files and folders left because lesson did not write them, relative to the store.
        var left: [String] = []
        /// Fit folders left because another process trains in them, with that process.
        var training: [String] = []
    }

    func clean(keep: Int?) throws -> Removed {
        try store.open(writing: false)
        guard store.rootForReading() != nil else { return Removed() }
        let root = try store.rootForWriting()
        guard let keep else { return try removeAll(root) }
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
            removed.bytes += try remove(ResultStore.runsFolder + "/" + name, in: root)
            removed.runs += 1
        }
        for entry in store.entries(ResultStore.fitsFolder) {
            let folder = ResultStore.fitsFolder + "/" + entry.name
            guard entry.kind == .folder, let started = FitFolder(relative: folder).readStarted(in: store) else {
                removed.left.append(folder)
                continue
            }
            // A fit that started and never finished may still be resumed.
            guard !folders.contains(folder), store.record(key: started.key)?.status == .done else { continue }
            if try removeFit(folder, in: root, into: &removed) { removed.fits += 1 }
        }
        for entry in store.entries(ResultStore.cellsFolder) {
            let name = ResultStore.cellsFolder + "/" + entry.name
            guard entry.kind == .file, let key = StoreFileNames.recordKey(entry.name) else {
                if !TemporaryName.isTemporary(entry.name) { removed.left.append(name) }
                continue
            }
            guard !keys.contains(key) else { continue }
            removed.bytes += try remove(name, in: root)
            removed.records += 1
        }
        for entry in store.entries(ResultStore.forecastsFolder) {
            let name = ResultStore.forecastsFolder + "/" + entry.name
            guard entry.kind == .file, StoreFileNames.isForecast(entry.name) else {
                if !TemporaryName.isTemporary(entry.name) { removed.left.append(name) }
                continue
            }
            guard !forecasts.contains(name) else { continue }
            removed.bytes += try remove(name, in: root)
            removed.forecasts += 1
        }
        return removed
    }

    /// Everything lesson wrote, folder by folder; what it did not write stays (listed),
    /// and so does the folder that holds it.
    private func removeAll(_ root: Folder) throws -> Removed {
        var removed = Removed()
        removed.runs = store.entries(ResultStore.runsFolder).filter { StoreFileNames.isLedgerEntry($0.name) }.count
        removed.records = store.entries(ResultStore.cellsFolder).filter { StoreFileNames.recordKey($0.name) != nil }.count
        removed.forecasts = store.entries(ResultStore.forecastsFolder).filter { StoreFileNames.isForecast($0.name) }.count
        let fits = store.entries(ResultStore.fitsFolder).filter { $0.kind == .folder }.map(\.name)
        removed.bytes += try removeRecognised("", in: root, into: &removed)
        removed.fits = fits.filter { root.kind(of: ResultStore.fitsFolder + "/" + $0) == nil }.count
        // The marker goes last, and only when nothing else is left; then the (empty) folder itself.
        if try root.entries().allSatisfy({ $0.name == ResultFolderClaim.markerName }) {
            removed.bytes += try remove(ResultFolderClaim.markerName, in: root)
            rmdir(store.folder)
        }
        return removed
    }

    /// Removes a fit folder's files under its lock; false when another process trains in
    /// it (noted in `removed`) or files lesson did not write keep it.
    private func removeFit(_ relative: String, in root: Folder, into removed: inout Removed) throws -> Bool {
        guard let folder = try? root.folder(relative) else { return false }
        if let holder = FitLock.holder(of: folder) {
            removed.training.append("\(store.path(relative)) (\(FitLock.process(holder)))")
            return false
        }
        let leftBefore = removed.left.count
        removed.bytes += try removeRecognised(relative, in: root, into: &removed)
        return removed.left.count == leftBefore
    }

    /// Removes what lesson writes below `relative` (files it recognises, folders that
    /// end up empty), depth first, by descriptor; returns the bytes removed.
    private func removeRecognised(_ relative: String, in root: Folder, into removed: inout Removed) throws -> Int64 {
        guard let folder = try root.folder(relative) else { return 0 }
        var bytes: Int64 = 0
        for entry in try folder.entries() {
            let name = relative.isEmpty ? entry.name : relative + "/" + entry.name
            if entry.kind == .folder {
                if relative == ResultStore.fitsFolder, let fit = try folder.folder(entry.name), let holder = FitLock.holder(of: fit) {
                    removed.training.append("\(store.path(name)) (\(FitLock.process(holder)))")
                    continue
                }
                bytes += try removeRecognised(name, in: root, into: &removed)
            } else if entry.kind == .file && StoreFileNames.isLessons(name) && name != ResultFolderClaim.markerName {
                bytes += try remove(name, in: root)
            } else if entry.kind != .folder && name != ResultFolderClaim.markerName {
                removed.left.append(name)
            }
        }
        if !relative.isEmpty, (try folder.entries()).isEmpty { try remove(relative, in: root) }
        return bytes
    }

    /// Removes one file or empty folder of the store; returns the bytes it held.
    @discardableResult
    private func remove(_ relative: String, in root: Folder) throws -> Int64 {
        let bytes = root.stat(of: relative)?.size ?? 0
        do {
            try root.remove(relative)
        } catch let error as FolderError {
            throw store.failure(error)
        }
        return bytes
    }
}
