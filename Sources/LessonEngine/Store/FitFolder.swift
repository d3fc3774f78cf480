import LessonLanguage
import SafeFiles
import LSTMCore
import Foundation

/// One fit's own folder, `fits/<label>-<key>/`: its checkpoints, `history.csv`,
/// `last.safetensors` and `fit.json`. The label is the run's overrides, sanitised and
/// capped (`N_HIDDEN=16,EPOCH_NM=3`, or `as-written`), so a person can tell runs
/// apart; the first 8 digits of the fit's key make it unique. Configurations never
/// share a folder, so `load_model("best")` always chooses within its own fit.
///
/// `fit.json` is written before the first epoch: after Ctrl-C, SIGKILL, a closed
/// terminal or a power cut, it and `last.safetensors` (rewritten atomically after
/// every epoch) are what `--resume` continues from, with the overrides and threads
/// the fit was started with.
struct FitFolder {
    static let lastFileName = "last.safetensors"
    static let historyFileName = "history.csv"
    static let startedFileName = "fit.json"
    /// Longest label before the key.
    static let maximumLabel = 60

    /// `fits/<name>`, relative to the store.
    var relative: String

    /// What `fit.json` records when the fit starts.
    struct Started: Codable, Equatable {
        var format: Int = ResultStore.format
        var key: String
        var lesson: String
        var cell: Int
        var inputs: CellInputs
        /// The run's `--set` texts, as given.
        var overrides: [String]
        /// Threads the fit runs on, and whether they came from `--threads`.
        var threads: Int
        var threadsFromCommandLine: Bool
        /// The command that started it, as invoked (for the hint after an interruption).
        var command: [String]
        var started: String
    }

    /// The folder for a fit with `key` in a run with `overrides` and `threads` (given
    /// on the command line, else nil); `cell` tags it when the lesson has several fits.
    static func make(key: String, overrides: [String], threads: Int?, cell: Cell, fitsInLesson: Int) -> FitFolder {
        var parts = overrides.map(sanitised)
        if let threads { parts.append("threads=\(threads)") }
        var label = parts.isEmpty ? "as-written" : parts.joined(separator: ",")
        if fitsInLesson > 1 { label = sanitised(cell.name ?? "fit\(cell.index)") + "," + label }
        if label.count > maximumLabel { label = String(label.prefix(maximumLabel)) }
        return FitFolder(relative: ResultStore.fitsFolder + "/" + label + "-" + String(key.prefix(8)))
    }

    /// Letters, digits, `=`, `.`, `-` and `_` as they are; anything else becomes `_`.
    static func sanitised(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "=.-_".contains($0)) ? $0 : "_" })
    }

    /// The folder of a fit with `key` that was started, if any: found by its name's key
    /// digits and confirmed by its `fit.json`, or, when that is unreadable (moved aside,
    /// with a warning), by the key `last.safetensors` was written for (then `started` is nil).
    static func started(key: String, in store: ResultStore) -> (folder: FitFolder, started: Started?)? {
        let suffix = "-" + String(key.prefix(8))
        for name in fitNames(in: store) where name.hasSuffix(suffix) {
            let folder = FitFolder(relative: ResultStore.fitsFolder + "/" + name)
            if let started = folder.readStarted(in: store) {
                if started.key == key { return (folder, started) }
            } else if folder.stateFingerprint(in: store) == key {
                return (folder, nil)
            }
        }
        return nil
    }

    /// The fit key `last.safetensors` was written for (its header alone is read).
    func stateFingerprint(in store: ResultStore) -> String? {
        guard let place = try? store.place(relative + "/" + FitFolder.lastFileName, create: false) else { return nil }
        return (try? SafeTensors.readHeader(place))?["state/fingerprint"]
    }

    /// Every fit folder of the store that holds a `fit.json`, with it, newest first.
    static func all(in store: ResultStore) -> [(folder: FitFolder, started: Started)] {
        fitNames(in: store).compactMap { name in
            let folder = FitFolder(relative: ResultStore.fitsFolder + "/" + name)
            return folder.readStarted(in: store).map { (folder, $0) }
        }.sorted { $0.started.started > $1.started.started }
    }

    private static func fitNames(in store: ResultStore) -> [String] {
        store.entries(ResultStore.fitsFolder).filter { $0.kind == .folder }.map(\.name)
    }

    func readStarted(in store: ResultStore) -> Started? {
        let name = relative + "/" + FitFolder.startedFileName
        guard let data = store.readIfPossible(name) else { return nil }
        do {
            let started = try JSONDecoder().decode(Started.self, from: Data(data))
            return started.format == ResultStore.format ? started : nil
        } catch {
            store.moveAside(name, because: "it is not a readable fit record (\(ResultStore.describe(error)))",
                           so: "the fit is recognised by its last.safetensors instead, when it has one")
            return nil
        }
    }

    /// Writes `fit.json` into the fit's folder, held open by `folder`.
    func writeStarted(_ started: Started, in folder: Folder, store: ResultStore) throws {
        do {
            try folder.write(OutputFiles.json(started, naming: store.path(relative)), to: FitFolder.startedFileName)
        } catch let error as FolderError {
            throw store.failure(error)
        }
    }

    /// Fails (65) when the fit's folder name no longer leads to `opened`, the folder the
    /// fit trains in (it was swapped for a link or another folder while it trained).
    static func checkStillThere(_ opened: Folder, relative: String, in store: ResultStore) throws {
        try TestPoint.reached(.betweenEpochs)
        guard let now = try store.subfolder(relative, create: false), now.isSame(as: opened) else {
            throw LessonError("\(store.path(relative)) was replaced while the fit trained in it; lesson goes on writing only into "
                              + "the folder it opened, and stops here: put the folder back, or run again", file: store.path(relative),
                              line: 0, column: 0, kind: .invalidLesson)
        }
    }

    /// The last finished epoch `last.safetensors` holds: where `--resume` goes on from
    /// (its header alone is read). Nil when there is none or it is damaged.
    func resumableEpoch(in store: ResultStore) -> Int? {
        guard let place = try? store.place(relative + "/" + FitFolder.lastFileName, create: false),
              let metadata = try? SafeTensors.readHeader(place) else { return nil }
        return metadata["epoch"].flatMap { Int($0) }
    }
}
