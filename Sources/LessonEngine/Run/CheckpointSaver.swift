import Foundation
import LSTMCore

/// Keras' ModelCheckpoint for a lesson's fit: after each epoch, names the file by the
/// template (epochs 1-based) and saves the weights when the monitored value is
/// strictly lower than the best so far (`save_best_only`) or every epoch. It keeps
/// Keras' messages: `Epoch 12: val_loss improved from 0.00110 to 0.00090, saving model
/// to ...` / `Epoch 13: val_loss did not improve from 0.00090`.
final class CheckpointSaver: Callback {
    let template: CheckpointTemplate
    let monitor: String
    let saveBestOnly: Bool
    let folder: String
    /// Best monitored value so far (+∞ before the first epoch); restored on resume.
    var best = Double.infinity
    /// Every file written, in order.
    var records: [CheckpointRecord] = []
    /// The message of the last epoch, for the progress display.
    private(set) var lastMessage: String?

    init(template: CheckpointTemplate, monitor: String, saveBestOnly: Bool, folder: String) {
        self.template = template
        self.monitor = monitor
        self.saveBestOnly = saveBestOnly
        self.folder = folder
    }

    func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        lastMessage = nil
        guard let current = log.value(of: monitor) else {
            throw CallbackError(message: "model_checkpoint monitors '\(monitor)', which fit does not report; "
                                + "set validation_split above 0 or monitor \"loss\"")
        }
        let path = OutputFiles.join(folder, try template.filename(epoch: log.epoch, loss: log.loss, valLoss: log.valLoss))
        if saveBestOnly {
            guard current < best else {
                lastMessage = "Epoch \(log.epoch): \(monitor) did not improve from \(CheckpointSaver.format(best))"
                return .continue
            }
            lastMessage = "Epoch \(log.epoch): \(monitor) improved from \(CheckpointSaver.format(best)) to "
                + "\(CheckpointSaver.format(current)), saving model to \(path)"
            best = current
        } else {
            lastMessage = "Epoch \(log.epoch): saving model to \(path)"
        }
        try ModelWeights.save(context.model, log: log, to: path)
        records.append(CheckpointRecord(epoch: log.epoch, path: path, value: current))
        return .continue
    }

    /// Keras prints monitored values with `%.5f` (`inf` before the first epoch).
    static func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.5f", value) : (value > 0 ? "inf" : "-inf")
    }
}

/// Model checkpoints as safetensors: the model's tensors under Keras names and
/// metadata (architecture JSON, epoch, loss, val_loss, format).
enum ModelWeights {
    static let format = "1"

    static func save(_ model: Sequential, log: EpochLog?, to path: String) throws {
        var metadata = ["format": format, "architecture": try architectureJSON(model.architecture)]
        if let log {
            metadata["epoch"] = String(log.epoch)
            metadata["loss"] = String(log.loss)
            if let valLoss = log.valLoss { metadata["val_loss"] = String(valLoss) }
        }
        try OutputFiles.makeFolder((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
        try SafeTensors.write(tensors(of: model), metadata: metadata, to: path)
    }

    static func tensors(of model: Sequential) -> [NamedTensor] {
        model.parameters.map { NamedTensor(name: $0.name, shape: $0.shape, values: $0.value) }
    }

    static func architectureJSON(_ architecture: Architecture) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(architecture), as: UTF8.self)
    }

    /// Assigns the weights in `contents` (read from `path`) to `model`; every parameter
    /// must be present with its shape. Keras 3 variable paths are renamed first.
    static func assign(_ contents: SafeTensorsContents, from path: String, to model: Sequential) throws {
        let tensors = try KerasNames.renamingKerasPaths(contents.tensors, path: path)
        for parameter in model.parameters {
            guard let tensor = tensors.first(where: { $0.name == parameter.name }) else {
                throw CheckpointError(path: path, problem: "has no tensor '\(parameter.name)'; it holds "
                                      + tensors.map(\.name).filter { !$0.hasPrefix("optimizer/") }.joined(separator: ", "))
            }
            guard tensor.shape == parameter.shape else {
                throw CheckpointError(path: path, problem: "'\(parameter.name)' has shape \(tensor.shape), but the model's is \(parameter.shape)")
            }
            try parameter.assign(tensor.values)
        }
    }

    /// A model for the weights in `contents`: the architecture from the metadata.
    static func model(for contents: SafeTensorsContents, path: String) throws -> Sequential {
        guard let json = contents.metadata["architecture"] else {
            throw CheckpointError(path: path, problem: "has no architecture in its metadata; "
                                  + "describe the model in a model cell before load_model")
        }
        let architecture: Architecture
        do {
            architecture = try JSONDecoder().decode(Architecture.self, from: Data(json.utf8))
        } catch {
            throw CheckpointError(path: path, problem: "its architecture metadata is unreadable (\(error.localizedDescription))")
        }
        guard StepActions.parameterCount(architecture) <= StepActions.maximumParameters else {
            throw CheckpointError(path: path, problem: "its architecture is too large")
        }
        var random = InitializerRandom(seed: 0)
        let model = try Sequential(architecture, random: &random)
        try assign(contents, from: path, to: model)
        return model
    }
}
