import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Everything a run told its observer, as lines, for assertions.
final class RecordingObserver: RunObserver {
    var events: [String] = []
    var epochs: [EpochLog] = []
    var batches = 0
    /// Called after each epoch (a test can interrupt here).
    var onEpoch: ((EpochLog) -> Void)?

    func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?) {
        events.append("run \(position) \(cell.kind.rawValue)" + (reason.map { " (\($0))" } ?? ""))
    }
    func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String) {
        events.append("skip \(position) \(cell.kind.rawValue): \(why)")
    }
    func report(_ line: String) { events.append(line) }
    func printed(_ text: String) { events.append("print: " + text) }
    func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int) {}
    func batchEnded(_ progress: BatchProgress) { batches += 1 }
    func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?) {
        self.epochs.append(log)
        if let checkpointMessage { events.append(checkpointMessage) }
        onEpoch?(log)
    }
    func plotWritten(path: String, chart: LineChart) {
        events.append("plot \(path)")
        charts[path] = chart
    }
    /// The latest chart written to each path.
    var charts: [String: LineChart] = [:]

    var text: String { events.joined(separator: "\n") }
}

/// A temporary folder holding a lesson file, with its results under `result/`.
struct LessonSandbox {
    let folder: String
    let lessonPath: String
    var resultRoot: String { folder + "/result" }

    init(name: String = "01-small-sine", text: String = smallLesson, file: StaticString = #filePath, line: UInt = #line) throws {
        folder = NSTemporaryDirectory() + "lesson-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/Lessons", withIntermediateDirectories: true)
        lessonPath = folder + "/Lessons/\(name).md"
        try write(text)
    }

    func write(_ text: String) throws {
        try text.write(toFile: lessonPath, atomically: true, encoding: .utf8)
    }

    func options(_ selection: CellSelection = .all, overrides: [String] = []) -> RunOptions {
        var options = RunOptions(lessonPath: lessonPath)
        options.selection = selection
        options.overrides = overrides
        options.resultRoot = resultRoot
        return options
    }

    var results: String { resultRoot + "/" + ((lessonPath as NSString).lastPathComponent as NSString).deletingPathExtension }

    @discardableResult
    func run(_ selection: CellSelection = .all, overrides: [String] = [], force: Bool = false, resume: Bool = false,
             observer: RecordingObserver = RecordingObserver(), interrupt: Interrupt = Interrupt()) throws -> RecordingObserver {
        var options = self.options(selection, overrides: overrides)
        options.force = force
        options.resume = resume
        try LessonRunner(options: options, observer: observer, interrupt: interrupt).run()
        return observer
    }

    func states(overrides: [String] = []) throws -> [CellState] {
        try LessonRunner(options: options(overrides: overrides), observer: RecordingObserver()).cellStates()
    }

    func contents(_ name: String) -> Data? { FileManager.default.contents(atPath: results + "/" + name) }

    /// The fit folders of the store (`fits/<label>-<key>`), as paths, sorted.
    func fitFolders() throws -> [String] {
        let fits = results + "/fits"
        return try FileManager.default.contentsOfDirectory(atPath: fits).sorted().map { fits + "/" + $0 }
    }

    /// The one fit folder of the store (failing the test when there are several or none).
    func fitFolder(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let folders = try fitFolders()
        XCTAssertEqual(folders.count, 1, "\(folders)", file: file, line: line)
        return folders.first ?? results + "/fits/none"
    }

    /// Every checkpoint and history.csv of every fit, by `<fit folder>/<name>`, byte for byte.
    func keptFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for folder in try fitFolders() {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder)
            where name.hasSuffix(".safetensors") || name == "history.csv" {
                files[(folder as NSString).lastPathComponent + "/" + name] = FileManager.default.contents(atPath: folder + "/" + name)
            }
        }
        return files
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// Lesson 01 in miniature: 6 hidden units, windows of 10, 4 epochs (a run takes
/// well under a second). Line numbers matter to tests: EPOCH_NM is on line 15, the fit cell opens on line 34.
let smallLesson = """
# A small sine wave

A lesson 01 in miniature.

```setup
seed = 0
threads = 1
```

```constants
N_HIDDEN = 6
LEN_SEQ = 10
IN_NEUR = 1
BATCH_NM = 32
EPOCH_NM = 4
STEPS_PER_CYCLE = 20
NUM_OF_CYCLE = 10
```

```model
input(shape: (LEN_SEQ, IN_NEUR))
lstm(units: N_HIDDEN, bias_initializer: constant(rand() / 10.0), return_sequences: false)
dense(units: 1, activation: "linear")
compile(loss: "mean_squared_error", optimizer: rmsprop(learning_rate: 0.01))
```

```data
f(x) = sin(x * (2 * pi / STEPS_PER_CYCLE))
series(f, count: NUM_OF_CYCLE * STEPS_PER_CYCLE)
windows(length: LEN_SEQ)
shuffle()
```

```fit
fit(batch_size: BATCH_NM, epochs: EPOCH_NM, validation_split: 0.3, shuffle: false,
    callbacks: [
      model_checkpoint(filepath: "model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.3f}.safetensors",
                       monitor: "val_loss", save_best_only: true),
      early_stopping(monitor: "val_loss", patience: 20)])
```

```validate
load_model("best")
forecast(steps: 40)
plot(file: "prediction.png", truth: "red", prediction: "blue")
print("best epoch", best_epoch, "rmse", rmse)
expect(rmse < 10)
```

"""

/// A test case that runs lessons: each test runs with a fresh temporary folder as the
/// working directory (restored afterwards), so that a path a lesson resolves against the
/// working directory (setup's `result_dir`) lands there and never in the repository.
class LessonRunningTestCase: XCTestCase {
    /// The working directory of the running test.
    private(set) var workingFolder = ""
    private var previousFolder = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        previousFolder = FileManager.default.currentDirectoryPath
        workingFolder = NSTemporaryDirectory() + "lesson-cwd-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: workingFolder, withIntermediateDirectories: true)
        guard FileManager.default.changeCurrentDirectoryPath(workingFolder) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: workingFolder])
        }
    }

    override func tearDownWithError() throws {
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(previousFolder), "cannot go back to \(previousFolder)")
        try? FileManager.default.removeItem(atPath: workingFolder)
        try super.tearDownWithError()
    }
}

/// The package this test target belongs to, and what of it a test run could litter.
enum PackageFolder {
    /// Four folders up from Tests/LessonEngineTests/Support/RunnerSupport.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The package root's entries and those of its `result/` folder (git ignores the
    /// latter, so `git status` would not show a result written there).
    static func entries() throws -> Set<String> {
        let top = try FileManager.default.contentsOfDirectory(atPath: root)
        let results = (try? FileManager.default.contentsOfDirectory(atPath: root + "/result")) ?? []
        return Set(top + results.map { "result/" + $0 })
    }

    /// Copies `relativePath` of the package (a file or a folder) to `target`, making its parent folders.
    static func copy(_ relativePath: String, to target: String) throws {
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/" + relativePath, toPath: target)
    }
}
