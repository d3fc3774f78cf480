import Foundation

/// One cell's result as the store keeps it, in `store/cells/<key>.json`: what went
/// into its key (to say why another run of the cell is stale), whether it succeeded,
/// a one-line summary, and what later runs need instead of running it again. Paths
/// are relative to the lesson's result folder, so a store can be moved or merged.
struct CellRecord: Codable, Equatable {
    enum Status: String, Codable {
        case done
        /// An `expect` that did not hold, a loss that became NaN: kept to show why.
        case failed
    }

    var format: Int = ResultStore.format
    /// The lesson file as it was named.
    var lesson: String
    var index: Int
    var kind: String
    var name: String?
    var key: String
    var inputs: CellInputs
    var status: Status
    /// Why a failed cell failed (the error's headline).
    var failure: String?
    /// One line for `lesson list` (`107 epochs, best val_loss 0.000142 at epoch 87`).
    var summary: String
    /// ISO 8601 date the cell finished.
    var finished: String
    var fit: FitRecord?
    /// Names a validate cell bound → the representation keys use (`CellKey.representation`),
    /// so `lesson list` can key the cells after it without forecasting again.
    var bound: [String: String]?
    /// The plain numbers a validate cell bound (`rmse`, `mae`, `best_epoch`, its own names),
    /// for the ledger, sweeps and comparisons.
    var numbers: [String: Double]?
    /// The forecasts a validate cell made, in call order: `store/forecasts/<key>-<n>.csv`.
    var forecasts: [String]?
    /// The `StableHash` of each forecast file's bytes, in the same order, so a damaged
    /// file is noticed when it is read back (nil in records written before it was kept:
    /// their files are accepted as they are).
    var forecastHashes: [String]?

    /// The hash this record keeps for the forecast file `relative`, if any.
    func forecastHash(of relative: String) -> String? {
        guard let index = forecasts?.firstIndex(of: relative), let hashes = forecastHashes, index < hashes.count else { return nil }
        return hashes[index]
    }
}
