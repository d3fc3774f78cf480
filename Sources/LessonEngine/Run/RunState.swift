import Foundation
import LSTMCore

/// What `result/<slug>/state.json` keeps between runs: for each cell, the key it ran
/// with, what went into that key (to say why a cell is stale), a one-line summary,
/// and for a fit where its results are. Version `RunState.format`; a file of another
/// version or unreadable is ignored (every cell is then "never run").
struct RunState: Codable, Equatable {
    static let format = 1
    static let fileName = "state.json"

    var format: Int = RunState.format
    var lesson: String
    /// By 1-based cell index, as a string (JSON object keys).
    var cells: [String: CellRecord] = [:]

    subscript(index: Int) -> CellRecord? {
        get { cells[String(index)] }
        set { cells[String(index)] = newValue }
    }

    /// The state in `folder`, or an empty one when there is none (or it is unreadable:
    /// then `problem` says why, and the run starts over).
    static func load(from folder: String, lesson: String) -> (state: RunState, problem: String?) {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return (RunState(lesson: lesson), nil) }
        do {
            let state = try JSONDecoder().decode(RunState.self, from: data)
            guard state.format == format else {
                return (RunState(lesson: lesson), "\(path) has format \(state.format), not \(format); starting over")
            }
            return (state, nil)
        } catch {
            return (RunState(lesson: lesson), "\(path) is unreadable (\(error.localizedDescription)); starting over")
        }
    }

    func save(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        try OutputFiles.write(data, to: folder + "/" + RunState.fileName)
    }
}

/// One cell's kept result.
struct CellRecord: Codable, Equatable {
    var kind: String
    /// `CellKey.key` of the run that produced this record.
    var key: String
    var inputs: CellInputs
    /// One line for `lesson list` (`107 epochs, best val_loss 0.000142 at epoch 87`).
    var summary: String
    /// ISO 8601 date the cell finished (or was interrupted).
    var finished: String
    /// False for a fit that was interrupted: it can be resumed, not loaded.
    var complete: Bool
    /// Files the cell wrote, relative to the current directory.
    var outputs: [String]
    var fit: FitRecord?
    /// The values a validate cell bound (its own names and the step's: `rmse`,
    /// `best_epoch`, `predictions`, ...), so that `lesson list` can key the cells after
    /// it without forecasting again. Nil for other cells (and for older state files).
    var bindings: [String: RecordedValue]? = nil
}

/// A plain `Value` (numbers, flags, strings, and lists and tuples of them) as
/// state.json keeps it.
enum RecordedValue: Codable, Equatable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case list([RecordedValue])
    case tuple([RecordedValue])

    /// Nil for what JSON cannot keep exactly or a later run could not use: functions,
    /// step objects, non-finite numbers.
    init?(_ value: Value) {
        switch value {
        case .int(let i): self = .int(i)
        case .double(let d) where d.isFinite: self = .double(d)
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .list(let items):
            let recorded = items.compactMap(RecordedValue.init)
            guard recorded.count == items.count else { return nil }
            self = .list(recorded)
        case .tuple(let items):
            let recorded = items.compactMap(RecordedValue.init)
            guard recorded.count == items.count else { return nil }
            self = .tuple(recorded)
        default: return nil
        }
    }

    var value: Value {
        switch self {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .list(let items): return .list(items.map(\.value))
        case .tuple(let items): return .tuple(items.map(\.value))
        }
    }
}

/// What a finished (or interrupted) fit left, enough to continue without retraining.
struct FitRecord: Codable, Equatable {
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
    /// `last.safetensors`: final weights, optimizer and callback state.
    var lastPath: String
    /// numpy generator words after the fit (its shuffles draw from it).
    var generatorAfter: [Int]
}

struct CheckpointRecord: Codable, Equatable {
    var epoch: Int
    var path: String
    var value: Double?
}

/// The parts of a cell's key, kept so a changed key can be explained.
struct CellInputs: Codable, Equatable {
    var source: String
    /// Names the cell reads → their values as the language writes them.
    var names: [String: String]
    /// Hash of the numpy generator's state at the cell's start.
    var generator: String
    /// Keys of the results the cell uses, by kind (`model`, `data`, `fit`).
    var upstream: [String: String]
    /// `NAME=VALUE` for each `--set` the cell binds.
    var overrides: [String]
    /// Seed and models built before, for the initializers' stream (model cells).
    var initializer: String
    /// Files the cell reads → a hash of their bytes (`missing` when absent); nil for none.
    var files: [String: String]?
}
