import Foundation

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
