import Foundation
import SafeFiles

/// Everything a fit needs to continue exactly where it stopped, as `last.safetensors`
/// holds it after every finished epoch: a `ModelFile` with the weights and RMSprop's
/// velocities and iterations, plus metadata (JSON strings, so Doubles and the 32-bit
/// generator words keep every bit, which F32 tensors would not):
///
///     state/version          "1"
///     state/fingerprint      the caller's description of the run's settings
///     state/fit_options      {"batch_size", "epochs", "validation_split", "shuffle"}
///     state/data_count       windows given to fit
///     state/history          [{"epoch", "loss", "valLoss", "seconds"}, ...] from epoch 1 (EpochLog)
///     state/random           NumpyRandomState after the last finished epoch's draws
///     state/model_checkpoint ModelCheckpoint.State   (when there is a ModelCheckpoint)
///     state/early_stopping   EarlyStoppingState      (when there is an EarlyStopping)
///     state/reduce_lr        ReduceLROnPlateau.State (when there is a ReduceLROnPlateau)
///     state/learning_rate    the optimizer's current rate (a schedule may have lowered it)
///
/// with the `ModelFile` keys `epoch` (the last finished, 1-based), `loss`, `val_loss`, so
/// the file also loads as an ordinary checkpoint.
public struct TrainingState {
    public static let version = 1

    /// Weights, velocities and iterations, checked against the architecture.
    public var model: ModelFile
    /// Epochs finished, 1-based (the last entry of `history`).
    public var epoch: Int { model.epoch ?? 0 }
    public var history: [EpochLog]
    public var random: NumpyRandomState
    public var options: FitOptions
    public var dataCount: Int
    public var fingerprint: String
    public var checkpoint: ModelCheckpoint.State?
    public var earlyStopping: EarlyStoppingState?
    public var reduceLearningRate: ReduceLROnPlateau.State?
    /// The optimizer's rate after the last finished epoch (nil in files written before schedules).
    public var learningRate: Double?
    public var path: String { model.path }

    /// Writes the state of a fit after an epoch, atomically (a crash leaves the previous
    /// epoch's file whole).
    public static func write(model: Sequential, optimizer: RMSprop, history: [EpochLog], random: NumpyRandomState,
                             options: FitOptions, dataCount: Int, fingerprint: String,
                             checkpoint: ModelCheckpoint.State?, earlyStopping: EarlyStoppingState?,
                             reduceLearningRate: ReduceLROnPlateau.State? = nil, to place: FilePlace) throws {
        var extra: [String: String] = [
            "state/version": String(version),
            "state/fingerprint": fingerprint,
            "state/data_count": String(dataCount),
            "state/fit_options": try json(SavedFitOptions(options)),
            "state/history": try json(history),
            "state/random": try json(random),
            "state/learning_rate": try json(optimizer.learningRate),
        ]
        if let checkpoint { extra["state/model_checkpoint"] = try json(checkpoint) }
        if let earlyStopping { extra["state/early_stopping"] = try json(earlyStopping) }
        if let reduceLearningRate { extra["state/reduce_lr"] = try json(reduceLearningRate) }
        let last = history.last
        try ModelFile.save(model, optimizer: optimizer, epoch: last?.epoch ?? 0, loss: last?.loss,
                           valLoss: last?.valLoss, extraMetadata: extra, to: place)
    }

    /// Reads a state file; `expected` is the lesson's model, which the weights must fit.
    public static func read(_ path: String, expected: Architecture? = nil) throws -> TrainingState {
        try read(AtomicFile.place(path, create: false), expected: expected)
    }

    /// Reads a state file inside a folder held by descriptor.
    public static func read(_ place: FilePlace, expected: Architecture? = nil) throws -> TrainingState {
        let model = try ModelFile.read(place, expected: expected)
        let path = place.path
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: path, problem: problem) }
        let metadata = model.metadata
        guard let versionText = metadata["state/version"] else {
            throw fail("it is a checkpoint but not a training state (no state/version); resume from the fit's last.safetensors")
        }
        guard let version = Int(versionText), version >= 1, version <= Self.version else {
            throw fail("training state version '\(versionText)' is not one this lesson reads (up to \(Self.version))")
        }
        guard !model.optimizerSlots.isEmpty, model.optimizerIterations != nil else {
            throw fail("it has no optimizer state, so training cannot continue exactly from it")
        }
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            guard let text = metadata[key] else { throw fail("metadata '\(key)' is missing; the state file is incomplete") }
            do {
                return try jsonDecoder().decode(type, from: Data(text.utf8))
            } catch {
                throw fail("metadata '\(key)' cannot be read (\(HeaderValue.describe(error))); the state file is corrupted")
            }
        }
        func optional<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
            metadata[key] == nil ? nil : try decode(type, key)
        }
        let history = try decode([EpochLog].self, "state/history")
        guard history.map(\.epoch) == Array(stride(from: 1, through: history.count, by: 1)),
              history.count == model.epoch ?? 0 else {
            throw fail("its history (\(history.count) epochs) does not run from epoch 1 to its epoch \(model.epoch ?? 0); the state file is corrupted")
        }
        guard let dataText = metadata["state/data_count"], let dataCount = Int(dataText), dataCount >= 0 else {
            throw fail("metadata 'state/data_count' is missing or not a count; the state file is corrupted")
        }
        return TrainingState(
            model: model, history: history, random: try decode(NumpyRandomState.self, "state/random"),
            options: try decode(SavedFitOptions.self, "state/fit_options").options, dataCount: dataCount,
            fingerprint: metadata["state/fingerprint"] ?? "",
            checkpoint: try optional(ModelCheckpoint.State.self, "state/model_checkpoint"),
            earlyStopping: try optional(EarlyStoppingState.self, "state/early_stopping"),
            reduceLearningRate: try optional(ReduceLROnPlateau.State.self, "state/reduce_lr"),
            learningRate: try optional(Double.self, "state/learning_rate"))
    }

    /// Why resuming this state with these settings would not continue the same run, or nil.
    public func mismatch(fingerprint: String, options: FitOptions, dataCount: Int) -> String? {
        if fingerprint != self.fingerprint {
            return "it was saved by a run with different settings (\(Self.shorten(self.fingerprint)) then, "
                + "\(Self.shorten(fingerprint)) now)"
        }
        if options.batchSize != self.options.batchSize || options.validationSplit != self.options.validationSplit
            || options.shuffle != self.options.shuffle || options.rollout != self.options.rollout {
            return "it was saved with batch_size \(self.options.batchSize), validation_split \(self.options.validationSplit), "
                + "shuffle \(self.options.shuffle), rollout \(self.options.rollout), but this fit has \(options.batchSize), "
                + "\(options.validationSplit), \(options.shuffle), \(options.rollout)"
        }
        if dataCount != self.dataCount {
            return "it was trained on \(self.dataCount) windows but this fit has \(dataCount)"
        }
        if epoch > options.epochs {
            return "it has finished \(epoch) epochs, more than this fit's \(options.epochs)"
        }
        return nil
    }

    private static func shorten(_ text: String) -> String {
        text.count <= 60 ? "'\(text)'" : "'\(text.prefix(57))...'"
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}

/// `FitOptions` as stored in a state file (without `initialEpoch`, which is the state's epoch).
struct SavedFitOptions: Codable, Equatable {
    var batchSize: Int
    var epochs: Int
    var validationSplit: Double
    var shuffle: Bool
    /// Absent in files written before closed-loop training (they trained with 1).
    var rollout: Int?

    init(_ options: FitOptions) {
        batchSize = options.batchSize
        epochs = options.epochs
        validationSplit = options.validationSplit
        shuffle = options.shuffle
        rollout = options.rollout
    }

    var options: FitOptions {
        FitOptions(batchSize: batchSize, epochs: epochs, validationSplit: validationSplit, shuffle: shuffle,
                   rollout: rollout ?? 1)
    }

    enum CodingKeys: String, CodingKey {
        case batchSize = "batch_size", epochs, validationSplit = "validation_split", shuffle, rollout
    }
}
