import SafeFiles

/// Keras' ModelCheckpoint (mode "min"): after each epoch, names a file by the template
/// (`filepath.format(epoch=epoch + 1, **logs)`, so epochs are 1-based) inside `folder`
/// and writes the model there with `ModelFile.save`, by the folder's descriptor (a link
/// planted in the folder is refused, never followed).
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
    /// Folder the template's names are relative to.
    public let folder: Folder
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
        /// The file saved for it, if one was, relative to the checkpoint's folder (the
        /// template's name), so a store that moves keeps finding it. States written
        /// before held the folder's path in front; `restore` drops it.
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
    /// The best file's name in `folder`.
    public var bestName: String? { state.bestPath }
    /// The best file as messages show it (`folder/name`).
    public var bestPath: String? { state.bestPath.map(folder.join) }
    /// Every file this instance wrote, in order, as names in `folder`.
    public private(set) var savedNames: [String] = []

    public init(template: CheckpointTemplate, folder: Folder, monitor: String = "val_loss",
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
        let name = try fileName(for: log)
        try save(context, log: log, to: name)
        let path = folder.join(name)
        if improved {
            if saveBestOnly {
                onMessage?("Epoch \(log.epoch): \(monitor) improved from \(Self.fixed5(state.best)) to \(Self.fixed5(current)), "
                    + "saving model to \(path)")
            }
            state = State(best: current, bestEpoch: log.epoch, bestPath: name)
        }
        if !saveBestOnly { onMessage?("Epoch \(log.epoch): saving model to \(path)") }
        return .continue
    }

    /// The template filled for this epoch: a name in `folder`.
    public func fileName(for log: EpochLog) throws -> String {
        let name = try template.filename(epoch: log.epoch, loss: log.loss, valLoss: log.valLoss)
        try checkName?(name)
        return name
    }

    /// Puts a resumed run's state back. A state written before names were kept relative
    /// holds the folder's old path in front of the name (`A/fits/as-written-1a2b3c4d/best.safetensors`):
    /// the name is its last components, as many as the template makes.
    public func restore(_ saved: State) {
        state = saved
        guard let path = saved.bestPath else { return }
        let depth = template.source.split(separator: "/").count
        state.bestPath = path.split(separator: "/").suffix(depth).joined(separator: "/")
    }

    private func save(_ context: FitContext, log: EpochLog, to name: String) throws {
        // The folder's descriptor makes any folders the template names, never through a link.
        try ModelFile.save(context.model, optimizer: includeOptimizer ? context.optimizer : nil, epoch: log.epoch,
                           loss: log.loss, valLoss: log.valLoss, to: FilePlace(folder: folder, name: name))
        savedNames.append(name)
    }

    /// Python's `f"{value:.5f}"` (`inf` for +∞), as Keras formats these messages.
    static func fixed5(_ value: Double) -> String {
        PythonFormatSpec(precision: 5, type: "f").format(value)
    }
}
