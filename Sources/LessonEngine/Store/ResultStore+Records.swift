import LessonLanguage
import Foundation

/// The store's cell records (`store/cells/<key>.json`): reading, keeping, listing, and
/// moving a damaged file aside.
extension ResultStore {
    static func recordName(key: String) -> String { cellsFolder + "/\(key).json" }

    func recordPath(key: String) -> String { path(ResultStore.recordName(key: key)) }

    /// The result kept for `key`, done or failed; nil when there is none or it is
    /// damaged (then moved aside, with a warning).
    func record(key: String) -> CellRecord? {
        let name = ResultStore.recordName(key: key)
        guard let data = readIfPossible(name) else { return nil }
        return decode(data, at: name)
    }

    /// Keeps `record` under its key. A done record is written once: if one is there it
    /// stays (the same key always has the same result).
    func save(_ record: CellRecord) throws {
        if self.record(key: record.key)?.status == .done { return }
        try writeJSON(record, to: ResultStore.recordName(key: record.key))
        cachedRecords = nil
    }

    /// Every kept record (damaged ones moved aside), newest first.
    func records() -> [CellRecord] {
        if let cachedRecords { return cachedRecords }
        var records: [CellRecord] = []
        for entry in entries(ResultStore.cellsFolder) where entry.kind == .file && entry.name.hasSuffix(".json") {
            let name = ResultStore.cellsFolder + "/" + entry.name
            guard let data = readIfPossible(name), let record = decode(data, at: name) else { continue }
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

    func decode(_ data: [UInt8], at name: String) -> CellRecord? {
        do {
            let record = try JSONDecoder().decode(CellRecord.self, from: Data(data))
            return record.format == ResultStore.format ? record : nil
        } catch {
            moveAside(name, because: "it is not a readable result (\(ResultStore.describe(error)))")
            return nil
        }
    }

    /// Moves a store file that cannot be read (`relative`) to `store/damaged/`, never
    /// deleting it, and notes a warning naming both paths and what follows (`consequence`).
    func moveAside(_ relative: String, because reason: String, so consequence: String = "the cell counts as never run") {
        let target = ResultStore.damagedFolder + "/" + (relative as NSString).lastPathComponent + "." + ResultStore.fileStamp()
        do {
            guard let root = rootForReading() else { return }
            try root.move(relative, to: target)
            warn("warning: \(path(relative)): \(reason); moved to \(path(target)), and \(consequence)")
        } catch {
            warn("warning: \(path(relative)): \(reason); it could not be moved aside (\(ResultStore.describe(error))), "
                            + "so it is ignored")
        }
        cachedRecords = nil
    }
}
