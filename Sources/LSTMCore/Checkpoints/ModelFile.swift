import Foundation
import SafeFiles

/// A model checkpoint: a safetensors file (see `SafeTensors`) holding a `Sequential`'s
/// weights, optionally RMSprop's velocities, and string metadata:
///
///     lstm/kernel [F, 4H]   lstm/recurrent_kernel [H, 4H]   lstm/bias [4H]   (lstm_1/...)
///     gru/kernel [F, 3H]    gru/recurrent_kernel [H, 3H]    gru/bias [2, 3H] (reset_after; else [3H])
///     simple_rnn/kernel [F, H]  simple_rnn/recurrent_kernel [H, H]  simple_rnn/bias [H]
///     dense/kernel [H, 1]   dense/bias [1]                                    (dense_1/...)
///     optimizer/<weight>/velocity  (same shape as the weight; optional)
///     __metadata__: format "lesson-checkpoint", format_version "1",
///                   architecture (Architecture as JSON), epoch, loss, val_loss,
///                   optimizer_iterations (with the velocities)
///
/// Reading accepts Keras 3's variable paths (`sequential/lstm/lstm_cell/kernel`, via
/// `KerasNames`) and files without metadata (weights exported from Keras with numpy):
/// then the architecture follows from the names and shapes
/// (`Architecture.inferred(fromWeights:timesteps:expected:)`). Every tensor is checked against
/// the architecture, and each fault is named: a wrong shape, a missing or an unexpected
/// tensor, a different model than the lesson's.
public struct ModelFile {
    /// The value of the `format` metadata key.
    public static let format = "lesson-checkpoint"
    /// The newest `format_version` this code reads and the one it writes.
    public static let formatVersion = 1

    /// Where the architecture came from.
    public enum ArchitectureSource: Equatable, Sendable {
        /// The file's `architecture` metadata.
        case metadata
        /// Names and shapes of the weights (activations and timesteps from the caller or defaults).
        case inferred
    }

    /// The file read (for messages).
    public var path: String
    public var architecture: Architecture
    public var architectureSource: ArchitectureSource
    /// Weights in model order (`architecture.weightShapes`), under our names.
    public var weights: [NamedTensor]
    /// RMSprop velocities in model order (`optimizer/<weight>/velocity`); empty when the file has none.
    public var optimizerSlots: [NamedTensor]
    /// RMSprop's update count when the file holds velocities.
    public var optimizerIterations: Int?
    /// The 1-based epoch the weights are from, when recorded.
    public var epoch: Int?
    public var loss: Double?
    public var valLoss: Double?
    /// All string metadata, including keys this type does not interpret.
    public var metadata: [String: String]

    // MARK: Writing

    /// The tensors a checkpoint of `model` holds: its weights in order, then (with an
    /// optimizer) each velocity under `optimizer/<weight>/velocity`.
    public static func tensors(of model: Sequential, optimizer: RMSprop? = nil) -> [NamedTensor] {
        var tensors = model.parameters.map { NamedTensor(name: $0.name, shape: $0.shape, values: $0.value) }
        if let optimizer {
            tensors += optimizer.slots.map { NamedTensor(name: $0.name, shape: $0.shape, values: $0.value) }
        }
        return tensors
    }

    /// The metadata `save` writes; `extra` keys are added (and may not replace ours).
    public static func metadata(architecture: Architecture, optimizer: RMSprop?, epoch: Int?, loss: Double?,
                                valLoss: Double?, extra: [String: String] = [:]) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata = extra
        metadata["format"] = format
        metadata["format_version"] = String(formatVersion)
        metadata["architecture"] = String(decoding: try encoder.encode(architecture), as: UTF8.self)
        if let epoch { metadata["epoch"] = String(epoch) }
        if let loss { metadata["loss"] = pythonRepr(loss) }
        if let valLoss { metadata["val_loss"] = pythonRepr(valLoss) }
        if let optimizer { metadata["optimizer_iterations"] = String(optimizer.iterations) }
        return metadata
    }

    /// Writes `model` (and the optimizer's velocities and iterations, when given) to
    /// `path` atomically: a temporary file beside it, flushed, then renamed.
    public static func save(_ model: Sequential, optimizer: RMSprop? = nil, epoch: Int? = nil, loss: Double? = nil,
                            valLoss: Double? = nil, extraMetadata: [String: String] = [:], to place: FilePlace) throws {
        let metadata = try metadata(architecture: model.architecture, optimizer: optimizer, epoch: epoch,
                                    loss: loss, valLoss: valLoss, extra: extraMetadata)
        try SafeTensors.write(tensors(of: model, optimizer: optimizer), metadata: metadata, to: place)
    }

    /// `save` at a path the user gave (its folder must exist).
    public static func save(_ model: Sequential, optimizer: RMSprop? = nil, epoch: Int? = nil, loss: Double? = nil,
                            valLoss: Double? = nil, extraMetadata: [String: String] = [:], to path: String) throws {
        try save(model, optimizer: optimizer, epoch: epoch, loss: loss, valLoss: valLoss, extraMetadata: extraMetadata,
                 to: AtomicFile.place(path, create: false))
    }

    // MARK: Reading

    /// Reads and checks a checkpoint. `expected` is the lesson's model (its `model` cell):
    /// when given, the file must hold that network (else the difference is reported),
    /// and a file without metadata takes its activations and timesteps from it. Without
    /// metadata and without `expected`, `timesteps` must say the window length.
    public static func read(_ place: FilePlace, expected: Architecture? = nil, timesteps: Int? = nil) throws -> ModelFile {
        try ModelFile(contents: SafeTensors.read(place), path: place.path, expected: expected, timesteps: timesteps)
    }

    /// `read` at a path the user gave.
    public static func read(_ path: String, expected: Architecture? = nil, timesteps: Int? = nil) throws -> ModelFile {
        try read(AtomicFile.place(path, create: false), expected: expected, timesteps: timesteps)
    }

    /// Checks decoded safetensors contents as `read` does.
    public init(contents: SafeTensorsContents, path: String, expected: Architecture? = nil, timesteps: Int? = nil) throws {
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: path, problem: problem) }
        let metadata = contents.metadata
        if let format = metadata["format"], format != Self.format {
            throw fail("its metadata says format '\(format)', not '\(Self.format)'; this is not a lesson checkpoint")
        }
        if let version = metadata["format_version"] {
            guard let number = Int(version), number >= 1 else {
                throw fail("format_version '\(version)' is not a positive integer; the file is corrupted")
            }
            guard number <= Self.formatVersion else {
                throw fail("it has format_version \(number), but this lesson reads up to \(Self.formatVersion); update lesson")
            }
        }
        let tensors = try KerasNames.renamingKerasPaths(contents.tensors, path: path)

        // The architecture: from metadata, else from the weights.
        var architecture: Architecture
        let source: ArchitectureSource
        if let json = metadata["architecture"] {
            do {
                architecture = try JSONDecoder().decode(Architecture.self, from: Data(json.utf8))
            } catch {
                throw fail("its architecture metadata is not a valid model description (\(HeaderValue.describe(error)))")
            }
            source = .metadata
        } else {
            guard let steps = expected?.timesteps ?? timesteps else {
                throw fail("it has no architecture metadata (a Keras export?), so the window length is unknown; "
                    + "load it with the lesson's model, whose input shape gives it")
            }
            do {
                architecture = try Architecture.inferred(fromWeights: tensors, timesteps: steps, expected: expected)
            } catch let error as ArchitectureError {
                throw fail("it has no architecture metadata and its weights do not describe a model: \(error.message)")
            }
            if let expected { architecture.adoptActivations(from: expected) }
            source = .inferred
        }
        do {
            try architecture.validate()
        } catch let error as ArchitectureError {
            throw fail("its model cannot be built: \(error.message)")
        }
        if let expected, let difference = architecture.difference(from: expected) {
            throw fail("it holds a different model than the lesson's: \(difference); "
                + "re-run the fit cell, or load a checkpoint saved from this model")
        }

        // Every tensor against the architecture.
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let needed = architecture.weightShapes
        var problems: [String] = []
        var weights: [NamedTensor] = []
        var slots: [NamedTensor] = []
        let slotNames = needed.map { "optimizer/\($0.name)/velocity" }
        let hasSlots = slotNames.contains { byName[$0] != nil }
        for (index, (name, shape)) in needed.enumerated() {
            for (tensorName, isSlot) in [(name, false), (slotNames[index], true)] where !isSlot || hasSlots {
                guard let tensor = byName[tensorName] else {
                    problems.append("missing tensor \(tensorName)")
                    continue
                }
                if tensor.shape != shape {
                    problems.append("\(tensorName) has shape \(tensor.shape) but the architecture needs \(shape)")
                } else if isSlot {
                    slots.append(tensor)
                } else {
                    weights.append(tensor)
                }
            }
        }
        let known = Set(needed.map(\.name) + slotNames)
        for tensor in tensors where !known.contains(tensor.name) {
            problems.append("unexpected tensor \(tensor.name) \(tensor.shape) (the model is \(architecture.summary))")
        }
        if !problems.isEmpty {
            let shown = problems.prefix(6).joined(separator: "; ")
            throw fail(shown + (problems.count > 6 ? "; and \(problems.count - 6) more problems" : ""))
        }

        func integer(_ key: String) throws -> Int? {
            guard let text = metadata[key] else { return nil }
            guard let value = Int(text), value >= 0 else { throw fail("metadata '\(key)' is '\(text)', not a count") }
            return value
        }
        func real(_ key: String) throws -> Double? {
            guard let text = metadata[key] else { return nil }
            guard let value = Double(text) else { throw fail("metadata '\(key)' is '\(text)', not a number") }
            return value
        }
        self.path = path
        self.architecture = architecture
        architectureSource = source
        self.weights = weights
        optimizerSlots = slots
        optimizerIterations = hasSlots ? try integer("optimizer_iterations") : nil
        epoch = try integer("epoch")
        loss = try real("loss")
        valLoss = try real("val_loss")
        self.metadata = metadata
    }

    // MARK: Loading into a model

    /// Copies the weights into `model`, which must have the same architecture.
    public func assign(to model: Sequential) throws {
        if let difference = architecture.difference(from: model.architecture, mine: "the checkpoint", theirs: "the model") {
            throw CheckpointError(path: path, problem: "it holds a different model: \(difference)")
        }
        for tensor in weights {
            guard let parameter = model.parameter(named: tensor.name) else {
                throw CheckpointError(path: path, problem: "the model has no weight \(tensor.name)")
            }
            try parameter.assign(tensor.values)
        }
    }

    /// Copies the velocities and iteration count into `optimizer`. Throws when the file
    /// has none (a checkpoint saved without the optimizer cannot resume training exactly).
    public func assignOptimizerState(to optimizer: RMSprop) throws {
        guard !optimizerSlots.isEmpty else {
            throw CheckpointError(path: path, problem: "it holds no optimizer state (optimizer/<weight>/velocity); "
                + "training cannot continue exactly from it")
        }
        for tensor in optimizerSlots {
            guard let slot = optimizer.slot(named: tensor.name) else {
                throw CheckpointError(path: path, problem: "the optimizer has no slot \(tensor.name)")
            }
            try slot.assign(tensor.values)
        }
        optimizer.iterations = optimizerIterations ?? 0
    }

    /// A new `Sequential` of the file's architecture holding its weights.
    public func makeModel() throws -> Sequential {
        // The initial draws are overwritten at once; any seed will do.
        var random = InitializerRandom(seed: 0)
        let model = try Sequential(architecture, random: &random)
        try assign(to: model)
        return model
    }
}

extension Architecture {
    /// Takes each layer's activations from `other` where the layer kinds match: weights
    /// alone cannot tell them, so an inferred architecture uses the lesson's.
    mutating func adoptActivations(from other: Architecture) {
        for index in layers.indices where index < other.layers.count {
            switch (layers[index], other.layers[index]) {
            case (.lstm(var mine), .lstm(let theirs)):
                mine.activation = theirs.activation
                mine.recurrentActivation = theirs.recurrentActivation
                mine.biasInitializer = theirs.biasInitializer
                mine.unitForgetBias = theirs.unitForgetBias
                layers[index] = .lstm(mine)
            case (.gru(var mine), .gru(let theirs)):
                mine.activation = theirs.activation
                mine.recurrentActivation = theirs.recurrentActivation
                layers[index] = .gru(mine)
            case (.simpleRNN(var mine), .simpleRNN(let theirs)):
                mine.activation = theirs.activation
                layers[index] = .simpleRNN(mine)
            case (.dense(var mine), .dense(let theirs)):
                mine.activation = theirs.activation
                layers[index] = .dense(mine)
            default:
                break
            }
        }
    }
}

/// Python's `repr` of a double (`0.001`, `1e-05`, `inf`, `-0.5`): how checkpoint
/// metadata and history.csv write numbers, exact when read back.
func pythonRepr(_ value: Double) -> String {
    PythonFormatSpec().format(value)
}
