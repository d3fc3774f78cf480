import Foundation
import LSTMCore

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
}

/// What a finished fit left: enough to load it instead of training again.
struct FitRecord: Codable, Equatable {
    /// The fit's own folder, `fits/<label>-<key>`: checkpoints, history.csv, last.safetensors.
    var folder: String
    /// Every epoch from 1 (a resumed fit's earlier epochs included).
    var history: [EpochLog]
    /// The checkpoint with the best monitored value (ModelCheckpoint's best path).
    var best: CheckpointRecord?
    /// Checkpoint files this fit wrote.
    var saved: [String]
    /// The monitored quantity of the checkpoint callback (`val_loss`), if any.
    var monitor: String?
    var epochs: Int
    var stopReason: String?
    /// numpy generator words after the fit (its shuffles draw from it).
    var generatorAfter: [Int]
    /// Threads the fit ran on (part of its key: they change the last bits).
    var threads: Int

    /// `last.safetensors`: final weights, optimizer and callback state.
    var lastPath: String { folder + "/" + FitFolder.lastFileName }
    var historyPath: String { folder + "/" + FitFolder.historyFileName }
}

/// A checkpoint file, relative to the result folder (or as given, for a file a
/// lesson loads), with its epoch and monitored value.
struct CheckpointRecord: Codable, Equatable {
    var epoch: Int
    var path: String
    var value: Double?
}

/// The parts of a cell's key, kept so a changed key can be explained.
struct CellInputs: Codable, Equatable {
    /// Hash of the cell's kind and canonical statements (`CanonicalCell`).
    var source: String
    /// Names the cell reads → their values as keys see them.
    var names: [String: String]
    /// Hash of the numpy generator's state at the cell's start.
    var generator: String
    /// The lesson's seed (its part in `generator`, kept to name it when it changes).
    var seed: Int
    /// Keys of the results the cell uses, by kind (`model`, `data`, `fit`).
    var upstream: [String: String]
    /// `NAME=VALUE` for each `--set` the cell binds.
    var overrides: [String]
    /// Seed and models built before, for the initializers' stream (model cells).
    var initializer: String
    /// Files the cell reads → a hash of their bytes (`missing` when absent); nil for none.
    var files: [String: String]?
    /// Threads the numerics run on (fit and validate cells; nil for the others).
    var threads: Int?
    /// `NumericsVersion.current` of the build that made the result.
    var numerics: Int
}
