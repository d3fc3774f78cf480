import LessonLanguage
import SafeFiles
import LSTMCore
import Plot
import Foundation

/// A lesson's result folder as an experiment store. Every configuration keeps its
/// results side by side, by key; nothing here is an index that could disagree with
/// the files, everything is found by listing them:
///
///     result/<slug>/
///       .lesson-results                 the marker: this folder is lesson's own (ResultFolderClaim)
///       prediction.png, loss.png, report.md, forecast.csv, history.csv   the latest run's outputs
///       store/cells/<key>.json          one cell's result (CellRecord), written once
///       store/forecasts/<key>-<n>.csv   the n-th forecast of a validate cell: step,truth,prediction
///       store/damaged/                  files that could not be read, moved aside (never deleted)
///       fits/<label>-<key>/             one fit: fit.json, checkpoints, history.csv, last.safetensors
///       runs/<date>-<host>-<pid>.json   the ledger, one file per run (RunLedger)
///
/// The folder's own path is followed once, when the store opens (a user may link
/// `result/` to a bigger disk); below it every file is reached through the folder's
/// descriptor (`SafeFiles.Folder`), so a symbolic link inside is refused wherever it
/// is met, never followed: nothing outside is written, read as a result or removed.
///
/// Writes never collide between two processes: each file is written to a temporary
/// name and renamed into place, a key's record always has the same content, and a
/// fit folder is locked while it trains (`FitLock`).
final class ResultStore {
    /// Version of the store's files; records of another version are not reused. Part of
    /// every key: never bumped (new fields are optional), so stores stay fresh.
    static let format = 2

    /// `result/<slug>` (or `--result-dir`), as the user's paths are written.
    let folder: String
    /// Whether `--result-dir` named the folder (its refusals are then usage errors).
    let fromCommandLine: Bool
    /// Problems met while reading (damaged files moved aside), for the run to report.
    private var warnings: [String] = []
    /// Every record, newest first, once read (`records()`).
    var cachedRecords: [CellRecord]?
    /// The open folder; nil until `open`, and after it while the folder does not exist.
    private var root: Folder?
    private var checked = false
    /// Whether a writing command marked the folder and removed abandoned temporary files.
    private var preparedForWriting = false
    /// Temporary files of writers that no longer run, found when the folder opened.
    private var abandoned: [String] = []
    /// The folder's path with links resolved, once it is open (messages name it).
    private var resolvedFolder: String?

    /// The lesson's own folder, which can never be its result folder.
    let lessonFolder: String?

    init(folder: String, fromCommandLine: Bool = false, lessonFolder: String? = nil) {
        self.folder = folder
        self.fromCommandLine = fromCommandLine
        self.lessonFolder = lessonFolder
    }

    static let cellsFolder = "store/cells"
    static let forecastsFolder = "store/forecasts"
    static let damagedFolder = "store/damaged"
    static let fitsFolder = "fits"
    static let runsFolder = "runs"

    /// Largest store file read whole (a record, a ledger entry, a forecast): 512 MB.
    static let maximumRead = 512 << 20

    /// A path inside the store, as the user's paths are written (`result/x/fits/...`).
    func path(_ relative: String) -> String { OutputFiles.join(folder, relative) }

    /// `path` relative to the store's folder when inside it, else as it is.
    func relative(_ path: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The warnings noted since the last call.
    func takeWarnings() -> [String] {
        defer { warnings = [] }
        return warnings
    }

    func warn(_ warning: String) { warnings.append(warning) }

    // MARK: - Opening

    /// Opens the folder, once: refuses it unless it is lesson's own (`ResultFolderClaim`),
    /// refuses any symbolic link inside it (65), and with `writing` makes it when missing
    /// and removes the temporary files of processes that no longer run.
    func open(writing: Bool) throws {
        if root == nil && (!checked || writing) {
            if writing || FileManager.default.fileExists(atPath: folder) { try openFolder(create: writing) }
            checked = true
        }
        // The first writing command marks the folder and clears what killed writers left.
        guard writing, !preparedForWriting, let root else { return }
        try ResultFolderClaim(store: self, folder: root).mark()
        removeAbandoned(abandoned)
        abandoned = []
        preparedForWriting = true
    }

    /// Opens the folder (made when `create`), refuses it unless it is lesson's own and
    /// holds no link, and notes the temporary files of writers that no longer run.
    private func openFolder(create: Bool) throws {
        let opened: Folder
        do {
            opened = try Folder.open(folder, create: create)
        } catch let error as FolderError {
            if error.isFileInTheWay {
                throw LessonError("\(error.path) is a file, not a folder", file: folder, line: 0, column: 0, kind: .io)
            }
            throw failure(error)
        }
        resolvedFolder = opened.resolvedPath
        try ResultFolderClaim(store: self, folder: opened).check()
        let inspection = try StoreInspection.inspect(opened)
        if let link = inspection.links.first {
            let more = inspection.links.count > 1 ? " (and \(inspection.links.count - 1) more)" : ""
            throw failure(FolderError.link(opened.join(link)), more: more)
        }
        root = opened
        abandoned = inspection.abandoned
    }

    /// Removes temporary files that killed processes left, saying so in one line.
    private func removeAbandoned(_ names: [String]) {
        guard let root, !names.isEmpty else { return }
        var removed: [String] = []
        for name in names where (try? root.remove(name)) != nil { removed.append(name) }
        guard !removed.isEmpty else { return }
        warnings.append("note: removed \(removed.count) temporary file\(removed.count == 1 ? "" : "s") that a stopped lesson "
                        + "process left in \(folder) (\(removed.prefix(2).joined(separator: ", "))\(removed.count > 2 ? ", ..." : ""))")
    }

    /// The open folder, made when missing (for writes).
    func rootForWriting() throws -> Folder {
        try open(writing: true)
        guard let root else { throw LessonError("cannot create \(folder)", file: folder, line: 0, column: 0, kind: .io) }
        return root
    }

    /// The open folder, or nil when it does not exist (nothing is kept).
    func rootForReading() -> Folder? {
        if !checked { try? open(writing: false) }
        return root
    }

    // MARK: - Files

    /// The bytes of `relative`; nil when it is missing. Fails on a link (65) or a
    /// file that cannot be read (74).
    func read(_ relative: String, limit: Int = ResultStore.maximumRead) throws -> [UInt8]? {
        guard let root = rootForReading() else { return nil }
        do {
            return try root.read(relative, limit: limit)
        } catch let error as FolderError {
            throw failure(error)
        }
    }

    /// `read`, with nil for anything that cannot be read (a caller that treats it as missing).
    func readIfPossible(_ relative: String) -> [UInt8]? { (try? read(relative)) ?? nil }

    /// Replaces `relative` atomically (folders made as needed).
    func write(_ bytes: [UInt8], to relative: String) throws {
        let root = try rootForWriting()
        do {
            try root.write(bytes, to: relative)
        } catch let error as FolderError {
            throw failure(error)
        }
    }

    func write(_ text: String, to relative: String) throws { try write(Array(text.utf8), to: relative) }

    /// `value` as pretty-printed JSON with sorted keys (small files a person may read and diff).
    func writeJSON<T: Encodable>(_ value: T, to relative: String) throws {
        try write(OutputFiles.json(value, naming: path(relative)), to: relative)
    }

    /// Replaces `relative` atomically with what `writer` writes to the temporary file's descriptor.
    func write(_ relative: String, writer: (Int32) throws -> Void) throws {
        let root = try rootForWriting()
        do {
            try root.write(relative, writer: writer)
        } catch let error as FolderError {
            throw failure(error)
        }
    }

    /// Draws `canvas` into `relative` as a PNG (atomically, by descriptor).
    func writePNG(_ canvas: Canvas, to relative: String, text: [(key: String, value: String)]) throws {
        do {
            try write(relative) { descriptor in
                try PNGWriter.write(canvas, descriptor: descriptor, path: path(relative), text: text)
            }
        } catch let error as PlotError {
            throw LessonError("cannot write \(path(relative)): \(error)", file: path(relative), line: 0, column: 0, kind: .io)
        }
    }

    /// The subfolder `relative`, never through a link; made with `create`.
    func subfolder(_ relative: String, create: Bool) throws -> Folder? {
        guard let root = create ? try rootForWriting() : rootForReading() else { return nil }
        do {
            return try root.folder(relative, create: create)
        } catch let error as FolderError {
            throw failure(error)
        }
    }

    /// The file `relative` as a place in its folder (opened by descriptor, made when
    /// `create`), for the numerics' checkpoint and history calls. Fails (74) when its
    /// folder is missing and not to be made.
    func place(_ relative: String, create: Bool) throws -> FilePlace {
        let parent = (relative as NSString).deletingLastPathComponent
        guard let folder = parent.isEmpty ? (create ? try rootForWriting() : rootForReading()) : try subfolder(parent, create: create) else {
            throw LessonError("cannot read \(path(relative)): no such file", file: path(relative), line: 0, column: 0, kind: .io)
        }
        return FilePlace(folder: folder, name: (relative as NSString).lastPathComponent)
    }

    /// A checkpoint or history failure as the program reports it: the disk's (74) or a
    /// link's (65) when the file system caused it, else nil (the file itself is wrong).
    func fileSystemFailure(_ error: Error) -> LessonError? {
        if let error = error as? FolderError { return failure(error, more: "") }
        if let cause = (error as? CheckpointError)?.cause { return failure(cause, more: "") }
        return nil
    }

    /// The names in the subfolder `relative` (empty when it is missing or cannot be listed).
    func entries(_ relative: String) -> [FolderEntry] {
        (try? rootForReading()?.entries(relative)) ?? []
    }

    /// Whether `relative` is a file of the store.
    func hasFile(_ relative: String) -> Bool { rootForReading()?.kind(of: relative) == .file }

    /// A store failure as the program reports it: a link inside the folder is a refusal
    /// (65, or 64 when `--result-dir` named it), anything else the disk's failure (74).
    func failure(_ error: FolderError, more: String = "") -> LessonError {
        guard error.isLink else {
            return LessonError(error.message, file: error.path, line: 0, column: 0, kind: .io)
        }
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        let throughLinks = resolvedFolder.map { $0 != (absolute as NSString).standardizingPath } ?? false
        let resolved = throughLinks ? " (the result folder \(folder) is \(resolvedFolder ?? folder))" : ""
        return LessonError("a symbolic link inside the result folder\(more)\(resolved); lesson never follows one there, where it "
                           + "could lead writes, reads or removals elsewhere: remove the link (to keep the results on another "
                           + "disk, link the result folder itself, or give --result-dir PATH)",
                           file: error.path, line: 0, column: 0, kind: .invalidLesson)
    }

    // MARK: - Forecasts

    /// `store/forecasts/<key>-<n>.csv`, relative to the store.
    static func forecastPath(key: String, ordinal: Int) -> String { forecastsFolder + "/\(key)-\(ordinal).csv" }

    // MARK: - Helpers

    /// `20261205-134247`, UTC: sorts as time does, safe in a file name.
    static func fileStamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    /// A decoding or file error in plain words (not Foundation's domain and code).
    static func describe(_ error: Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted: return "not valid JSON"
            case .keyNotFound(let key, _): return "no \"\(key.stringValue)\" field"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                let field = context.codingPath.map(\.stringValue).joined(separator: ".")
                return field.isEmpty ? "not the expected kind of JSON" : "a wrong value in the \"\(field)\" field"
            @unknown default: return "not the expected JSON"
            }
        }
        if let folderError = error as? FolderError { return folderError.description }
        return FileProblem.describe(error)
    }
}
