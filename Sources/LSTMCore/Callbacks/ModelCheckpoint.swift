import Foundation

/// Keras' ModelCheckpoint (mode "min"): after each epoch, names a file by the template
/// (`filepath.format(epoch=epoch + 1, **logs)`, so epochs are 1-based) inside `folder`
/// and writes the model there with `ModelFile.save`.
///
/// - `saveBestOnly`: saves when the monitored value is strictly lower than the best so
///   far (`np.less(current, best)`, best starting at +∞, so the first epoch saves) and
///   reports, in Keras' words,
///   `Epoch 12: val_loss improved from 0.00110 to 0.00090, saving model to <path>` or
///   `Epoch 13: val_loss did not improve from 0.00090`.
/// - otherwise: saves every epoch (`Epoch 12: saving model to <path>`), and still
///   records which saved epoch was best, so `load_model("best")` has an answer.
///
/// `best`, `bestEpoch` and `bestPath` are settable (through `state`) to resume a run.
public final class ModelCheckpoint: Callback {
    public let template: CheckpointTemplate
    /// Folder the template's names are relative to ("" for the current folder).
    public let folder: String
    public let monitor: String
    public let saveBestOnly: Bool
    /// Also store RMSprop's velocities (doubles the file size; weights alone suffice to predict).
    public let includeOptimizer: Bool
    /// Receives each decision's line (Keras prints them with verbose=1).
    public var onMessage: ((String) -> Void)?
    /// Asked about each file name the template makes, before the file is written; throws
    /// to refuse it (a lesson's checkpoints must stay in its fit's folder).
    public var checkName: ((String) throws -> Void)?

    /// What a resumed run needs to make the same decisions.
    public struct State: Codable, Equatable, Sendable {
        /// Lowest monitored value so far (+∞ before the first epoch).
        public var best: Double
        /// Its 1-based epoch (0 before the first).
        public var bestEpoch: Int
        /// The file saved for it, if one was.
        public var bestPath: String?

        public init(best: Double = .infinity, bestEpoch: Int = 0, bestPath: String? = nil) {
            self.best = best
            self.bestEpoch = bestEpoch
            self.bestPath = bestPath
        }
    }

    public var state = State()
    public var best: Double { state.best }
    public var bestEpoch: Int { state.bestEpoch }
    public var bestPath: String? { state.bestPath }
    /// Every file this instance wrote, in order.
    public private(set) var savedPaths: [String] = []

    public init(template: CheckpointTemplate, folder: String, monitor: String = "val_loss",
                saveBestOnly: Bool = false, includeOptimizer: Bool = false, onMessage: ((String) -> Void)? = nil) {
        self.template = template
        self.folder = folder
        self.monitor = monitor
        self.saveBestOnly = saveBestOnly
        self.includeOptimizer = includeOptimizer
        self.onMessage = onMessage
    }

    /// Fails before the first epoch when the monitor or the template needs validation
    /// data that this fit does not have.
    public func onTrainBegin(_ context: FitContext) throws {
        guard monitor == "loss" || monitor == "val_loss" else {
            throw CallbackError(message: "model_checkpoint monitors '\(monitor)', which fit does not report; use \"loss\" or \"val_loss\"")
        }
        if context.options.validationSplit <= 0 && (monitor == "val_loss" || template.fields.contains(.valLoss)) {
            throw CallbackError(message: "model_checkpoint uses val_loss, which needs validation data; "
                + "set validation_split above 0, or monitor \"loss\" and drop {val_loss} from the file name")
        }
    }

    public func onEpochEnd(_ log: EpochLog, _ context: FitContext) throws -> FitDecision {
        guard let current = log.value(of: monitor) else {
            throw CallbackError(message: "model_checkpoint monitors '\(monitor)', which epoch \(log.epoch) did not report")
        }
        let improved = current < state.best
        if saveBestOnly && !improved {
            onMessage?("Epoch \(log.epoch): \(monitor) did not improve from \(Self.fixed5(state.best))")
            return .continue
        }
        let path = try filePath(for: log)
        try save(context, log: log, to: path)
        if improved {
            if saveBestOnly {
                onMessage?("Epoch \(log.epoch): \(monitor) improved from \(Self.fixed5(state.best)) to \(Self.fixed5(current)), "
                    + "saving model to \(path)")
            }
            state = State(best: current, bestEpoch: log.epoch, bestPath: path)
        }
        if !saveBestOnly { onMessage?("Epoch \(log.epoch): saving model to \(path)") }
        return .continue
    }

    /// `folder/<template filled for this epoch>`.
    public func filePath(for log: EpochLog) throws -> String {
        let name = try template.filename(epoch: log.epoch, loss: log.loss, valLoss: log.valLoss)
        try checkName?(name)
        return folder.isEmpty ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
    }

    private func save(_ context: FitContext, log: EpochLog, to path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw CheckpointError(path: path, problem: "cannot create the folder \(parent): \(error.localizedDescription)")
            }
        }
        try ModelFile.save(context.model, optimizer: includeOptimizer ? context.optimizer : nil, epoch: log.epoch,
                           loss: log.loss, valLoss: log.valLoss, to: path)
        savedPaths.append(path)
    }

    /// Python's `f"{value:.5f}"` (`inf` for +∞), as Keras formats these messages.
    static func fixed5(_ value: Double) -> String {
        PythonFormatSpec(precision: 5, type: "f").format(value)
    }
}
