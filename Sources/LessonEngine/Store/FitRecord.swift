import LSTMCore
import Foundation

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
