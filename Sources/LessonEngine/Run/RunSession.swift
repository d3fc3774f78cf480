import LessonLanguage
import LSTMCore
import Foundation

/// The in-memory state of one run: the lesson's two random streams, the model being
/// described, the data, the fit's outcome and the validate step's forecast. Step
/// actions read and change it; the runner keeps it across cells.
final class RunSession {
    let lesson: Lesson
    let options: RunOptions
    let reporter: Reporter
    let interrupt: Interrupt
    /// How this run differs from the lesson as written (its charts' subtitles and text chunks).
    let variation: RunVariation

    /// The lesson's result folder and everything kept in it.
    let store: ResultStore

    // setup
    var seed = 0
    /// `rand()` and `shuffle()`: numpy's legacy generator seeded as `np.random.seed`.
    var numpy = NumpyRandom(seed: 0)
    /// Weight initialisers' stream, derived from the seed.
    var initializer = InitializerRandom(seed: 0)
    /// Models built since the seed was set (the initializers' stream position).
    var modelsBuilt = 0
    /// Where cells may read and write: the lesson's folder, the result folder
    /// (`store.folder`) and the `--allow-read` folders.
    let paths: LessonPaths

    // model
    var input: (timesteps: Int, features: Int)?
    var layers: [LayerConfig] = []
    var model: Sequential?
    var optimizer: RMSprop?

    // data
    var series: SeriesData?
    var windows: WindowedSeries?

    // fit and validate
    var fit: FitRecord?
    var loadedCheckpoint: CheckpointRecord?
    var forecast: ForecastResult?

    // the running cell
    var cell: Cell?
    var cellKey = ""
    /// One line for `lesson list`, set by the cell's steps.
    var summary = ""
    /// Files the running cell wrote.
    var outputs: [String] = []
    /// The fit record of the running cell once it trained (or was interrupted).
    var fitOutcome: (record: FitRecord, complete: Bool)?
    /// The running fit cell's own folder and what its `fit.json` records.
    var fitFolder: FitFolder?
    var fitStarted: FitFolder.Started?
    /// The file in the fit's folder to resume the next fit from (`--resume`: `last.safetensors`).
    var resumeFrom: String?
    /// Forecasts the running validate cell made (`store/forecasts/...`, in call order),
    /// and the hash of each file's bytes.
    var forecastPaths: [String] = []
    var forecastHashes: [String] = []

    init(lesson: Lesson, options: RunOptions, reporter: Reporter, interrupt: Interrupt, store: ResultStore,
         variation: RunVariation) {
        self.lesson = lesson
        self.variation = variation
        self.options = options
        self.reporter = reporter
        self.interrupt = interrupt
        self.store = store
        paths = LessonPaths(lessonPath: lesson.path, resultFolder: store.folder, allowedReads: options.allowedReads)
    }

    /// A file `call` reads, relative to the lesson's folder, where the lesson may read.
    func readablePath(_ name: String, for call: StepCall) throws -> String {
        do {
            return try paths.readable(name)
        } catch let refusal as PathRefusal {
            throw call.error(refusal.message)
        }
    }

    /// A file `call` names to write, inside `folder` (default: the result folder), where
    /// the lesson may write.
    func writablePath(_ name: String, in folder: String? = nil, for call: StepCall) throws -> String {
        do {
            return try paths.writable(name, in: folder)
        } catch let refusal as PathRefusal {
            throw call.error(refusal.message)
        }
    }

    /// A file the run itself writes at the top of the result folder (`forecast.csv`).
    func outputPath(_ name: String) -> String { OutputFiles.join(store.folder, name) }

    func startCell(_ cell: Cell, key: String) {
        self.cell = cell
        cellKey = key
        summary = ""
        outputs = []
        fitOutcome = nil
        fitFolder = nil
        fitStarted = nil
        resumeFrom = nil
        forecastPaths = []
        forecastHashes = []
        if cell.kind == .model {
            input = nil
            layers = []
        }
    }
}
