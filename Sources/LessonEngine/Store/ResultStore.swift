import Foundation

/// A lesson's result folder as an experiment store. Every configuration keeps its
/// results side by side, by key; nothing here is an index that could disagree with
/// the files, everything is found by listing them:
///
///     result/<slug>/
///       prediction.png, loss.png, report.md, forecast.csv, history.csv   the latest run's outputs
///       store/cells/<key>.json          one cell's result (CellRecord), written once
///       store/forecasts/<key>-<n>.csv   the n-th forecast of a validate cell: step,truth,prediction
///       store/damaged/                  files that could not be read, moved aside (never deleted)
///       fits/<label>-<key>/             one fit: fit.json, checkpoints, history.csv, last.safetensors
///       runs/<date>-<host>-<pid>.json   the ledger, one file per run (RunLedger)
///
/// Writes never collide between two processes: each file is written to a temporary
/// name and renamed into place, a key's record always has the same content, and a
/// fit folder is locked while it trains (`FitFolder`).
final class ResultStore {
    /// Version of the store's files; records of another version are not reused.
    static let format = 2

    /// `result/<slug>` (or `--result-dir`), as the user's paths are written.
    let folder: String
    /// Problems met while reading (damaged files moved aside), for the run to report.
    private var warnings: [String] = []
    private var cachedRecords: [CellRecord]?

    init(folder: String) {
        self.folder = folder
    }

    static let cellsFolder = "store/cells"
    static let forecastsFolder = "store/forecasts"
    static let damagedFolder = "store/damaged"
    static let fitsFolder = "fits"
    static let runsFolder = "runs"

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

    // MARK: - Cell records

    func recordPath(key: String) -> String { path(ResultStore.cellsFolder + "/\(key).json") }

    /// The result kept for `key`, done or failed; nil when there is none or it is
    /// damaged (then moved aside, with a warning).
    func record(key: String) -> CellRecord? {
        let file = recordPath(key: key)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return decode(data, at: file)
    }

    /// Keeps `record` under its key. A done record is written once: if one is there it
    /// stays (the same key always has the same result).
    func save(_ record: CellRecord) throws {
        let file = recordPath(key: record.key)
        if self.record(key: record.key)?.status == .done { return }
        try OutputFiles.writeJSON(record, to: file)
        cachedRecords = nil
    }

    /// Every kept record (damaged ones moved aside), newest first.
    func records() -> [CellRecord] {
        if let cachedRecords { return cachedRecords }
        let folder = path(ResultStore.cellsFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var records: [CellRecord] = []
        for name in names where name.hasSuffix(".json") {
            let file = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: file), let record = decode(data, at: file) else { continue }
            records.append(record)
        }
        records.sort { ($0.finished, $0.key) > ($1.finished, $1.key) }
        cachedRecords = records
        return records
    }

    /// The newest result of the lesson's cell `index` of `kind`, whatever its key: the
    /// run a changed key is compared with to say why the cell is stale.
    func newestRecord(cell index: Int, kind: StepKind) -> CellRecord? {
        records().first { $0.index == index && $0.kind == kind.rawValue }
    }

    private func decode(_ data: Data, at file: String) -> CellRecord? {
        do {
            let record = try JSONDecoder().decode(CellRecord.self, from: data)
            return record.format == ResultStore.format ? record : nil
        } catch {
            moveAside(file, because: "it is not a readable result (\(ResultStore.describe(error)))")
            return nil
        }
    }

    /// Moves a file that cannot be read to `store/damaged/`, never deleting it, and
    /// notes a warning naming both paths and what follows (`consequence`).
    func moveAside(_ file: String, because reason: String, so consequence: String = "the cell counts as never run") {
        let damaged = path(ResultStore.damagedFolder)
        let target = damaged + "/" + (file as NSString).lastPathComponent + "." + ResultStore.fileStamp()
        do {
            try FileManager.default.createDirectory(atPath: damaged, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: file, toPath: target)
            warnings.append("warning: \(file): \(reason); moved to \(target), and \(consequence)")
        } catch {
            warnings.append("warning: \(file): \(reason); it could not be moved aside (\(ResultStore.describe(error))), "
                            + "so it is ignored")
        }
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
            case .dataCorrupted(let context): return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
            case .keyNotFound(let key, _): return "no \"\(key.stringValue)\" field"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                return "a wrong value at " + context.codingPath.map(\.stringValue).joined(separator: ".")
            @unknown default: return "\(decoding)"
            }
        }
        return FileProblem.describe(error)
    }
}
