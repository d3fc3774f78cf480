import Foundation
import LSTMCore

/// The run ledger: one file per run that fitted or validated, in `runs/`, named by
/// time, host and process so that stores merge by copying (no two runs share a name).
/// `lesson runs` prints them as a table; sweeps and `lesson compare` take their
/// numbers from the cell records the entries point to.
struct LedgerEntry: Codable, Equatable {
    var format: Int = ResultStore.format
    var lesson: String
    /// Hash of the lesson's cells as they read for this run (canonical statements), so
    /// `lesson compare` can tell runs of the lesson as it reads now from earlier ones.
    var lessonText: String
    var started: String
    var seconds: Double
    var host: String
    var command: [String]
    var overrides: [String]
    var seed: Int
    var threads: Int
    var cpu: String
    var kernels: String
    /// `done`, `failed` or `interrupted`.
    var status: String
    var failure: String?
    var fits: [FitEntry]
    var validates: [ValidateEntry]
    /// The keys of every cell the run walked: what `lesson clean` keeps for it.
    var keys: [String]

    /// A fit of the run: trained now, or loaded from the store.
    struct FitEntry: Codable, Equatable {
        var cell: Int
        var name: String?
        var key: String
        var folder: String
        var trained: Bool
        var epochs: Int
        var bestEpoch: Int?
        var bestValue: Double?
        var monitor: String?
    }

    /// A validate cell of the run and the plain numbers it bound (`rmse`, `mae`, ...).
    struct ValidateEntry: Codable, Equatable {
        var cell: Int
        var name: String?
        var key: String
        var status: String
        var numbers: [String: Double]
        var forecasts: [String]
    }

    /// The run's numbers by column name: each validate cell's numbers (prefixed with the
    /// cell's name or index when the lesson has several), the fits' epochs, best epoch
    /// and best monitored value.
    var numbers: [String: Double] {
        var columns: [String: Double] = [:]
        for fit in fits {
            let prefix = fits.count > 1 ? (fit.name ?? "fit\(fit.cell)") + "." : ""
            columns[prefix + "epochs"] = Double(fit.epochs)
            if let best = fit.bestEpoch { columns[prefix + "best_epoch"] = Double(best) }
            if let value = fit.bestValue { columns[prefix + "best_" + (fit.monitor ?? "val_loss")] = value }
        }
        for validate in validates {
            let prefix = validates.count > 1 ? (validate.name ?? "validate\(validate.cell)") + "." : ""
            for (name, value) in validate.numbers where name != "best_epoch" && name != "best_val_loss" {
                columns[prefix + name] = value
            }
        }
        return columns
    }
}

enum RunLedger {
    /// Keeps `entry` as `runs/<date>-<host>-<pid>-<random>.json` (a sweep records
    /// several runs a second from one process).
    static func record(_ entry: LedgerEntry, in store: ResultStore) throws {
        let host = FitFolder.sanitised(entry.host)
        let unique = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let name = "\(ResultStore.fileStamp())-\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(unique).json"
        try OutputFiles.writeJSON(entry, to: store.path(ResultStore.runsFolder + "/" + name))
    }

    /// Every entry of the store, oldest first (unreadable files are moved aside, with a warning).
    static func entries(in store: ResultStore) -> [LedgerEntry] {
        let folder = store.path(ResultStore.runsFolder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }
        var entries: [LedgerEntry] = []
        for name in names {
            let file = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            do {
                let entry = try JSONDecoder().decode(LedgerEntry.self, from: data)
                if entry.format == ResultStore.format { entries.append(entry) }
            } catch {
                store.moveAside(file, because: "it is not a readable ledger entry (\(ResultStore.describe(error)))",
                               so: "the ledger goes on without it")
            }
        }
        return entries.sorted { ($0.started, $0.host) < ($1.started, $1.host) }
    }

    /// The processor's model name (`AMD EPYC 9R14`), or the architecture when unknown.
    static var cpu: String {
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        #if arch(arm64)
        return "arm64"
        #else
        return "x86_64"
        #endif
    }

    /// Hash of every cell's kind and canonical statements: the lesson as it reads.
    static func lessonText(_ lesson: Lesson) -> String {
        StableHash.of(lesson.cells.map { cell in cell.kind.rawValue + "\n" + ((try? CanonicalCell.text(of: cell)) ?? cell.body) })
    }
}
