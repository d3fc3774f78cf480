import LessonLanguage
import Foundation

/// `lesson run FILE --sweep NAME=v1,v2,...`: runs the lesson once per combination of
/// the sweeps' values (the grid, the first `--sweep` slowest), each as
/// `lesson run --set NAME=v ...` would, so every result already in the store is reused
/// and every new one kept. A combination that fails is marked failed and the sweep
/// goes on; after Ctrl-C the same command continues where it stopped (finished
/// combinations restore, an interrupted fit resumes). At the end it compares the
/// combinations (`Comparison`) in `sweeps/<names>/`; a shard (`--shard K/N`) runs its
/// part and writes no summary.
public final class SweepRunner {
    let options: RunOptions
    let axes: [SweepAxis]
    let shard: SweepShard?
    let observer: RunObserver
    let interrupt: Interrupt

    public init(options: RunOptions, axes: [SweepAxis], shard: SweepShard?, observer: RunObserver, interrupt: Interrupt) {
        self.options = options
        self.axes = axes
        self.shard = shard
        self.observer = observer
        self.interrupt = interrupt
    }

    /// What a sweep leaves: its table, the files it wrote, how many combinations failed.
    public struct Summary {
        public var table: ResultTable
        public var files: [String]
        public var ran: Int
        /// `label: reason` of each combination that failed.
        public var failures: [String]
        public var failed: Int { failures.count }
    }

    public func run() throws -> Summary {
        try checkNames()
        // Counted before anything is built, the lesson checked included.
        let grid = SweepGrid(axes)
        try grid.check(shard: shard)
        let probe = LessonRunner(options: options, observer: observer, interrupt: interrupt)
        let prepared = try probe.preparedLesson()
        let total = grid.count ?? 0
        let mine = grid.countRun(by: shard) ?? 0
        var runs: [Comparison.Run] = []
        var sweepOptions = options
        sweepOptions.continueInterrupted = true
        try checkEveryCombination(grid, options: sweepOptions)
        for (position, index) in grid.positions(for: shard).enumerated() {
            let combination = grid.combination(at: index)
            let label = combination.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            if interrupt.isRequested {
                throw RunInterrupted(lesson: options.lessonPath, epoch: 0, kept: nil, beforeCell: nil, resume: sweepOptions.resumeCommand)
            }
            observer.report("sweep \(position + 1)/\(mine)"
                            + (shard.map { " (shard \($0.index)/\($0.count), combination \(index + 1) of \(total))" } ?? "")
                            + ": " + label)
            var combinationOptions = sweepOptions
            combinationOptions.overrides = options.overrides + combination.map { "\($0.name)=\($0.value)" }
            let runner = LessonRunner(options: combinationOptions, observer: observer, interrupt: interrupt)
            runner.showsCellCharts = false
            var failure: String?
            do {
                try runner.run()
            } catch let interrupted as RunInterrupted {
                throw interrupted
            } catch let busy as LessonError where busy.kind == .busy {
                // Another process trains this combination now: it is its to finish.
                observer.report("sweep: \(label) skipped: \(busy.message)")
                continue
            } catch {
                failure = (error as? LessonError)?.headline ?? "\(error)"
                observer.report("sweep: \(label) failed: \(failure ?? ""); going on")
            }
            runs.append(Comparison.Run(label: label, settings: combination.map(\.value), entry: runner.lastEntry, failure: failure))
        }
        let failures = runs.compactMap { run in run.failure.map { "\(run.label): \($0)" } }
        let store = prepared.makeStore()
        var comparison = Comparison(lesson: prepared.lesson, store: store, settingNames: axes.map(\.name), runs: runs)
        comparison.shared = prepared.variation.overrides
        let sweeps: [String] = axes.flatMap { axis in ["--sweep", axis.name + "=" + axis.values.joined(separator: ",")] }
        comparison.command = prepared.variation.command(with: sweeps)
        guard shard == nil else { return Summary(table: comparison.table, files: [], ran: runs.count, failures: failures) }
        let folder = store.path("sweeps/" + folderName)
        let charts = try comparison.write(to: "sweeps/" + folderName, name: "sweep", heading: "Sweep of " + axes.map(\.name).joined(separator: ", ")
                                          + (options.overrides.isEmpty ? "" : " with --set " + options.overrides.joined(separator: " ")))
        for (path, chart) in charts { observer.plotWritten(path: path, chart: chart) }
        return Summary(table: comparison.table, files: [folder + "/sweep.md"] + charts.map(\.path), ran: runs.count, failures: failures)
    }

    /// Checks the lesson with each combination this command runs, as `lesson check --set`
    /// would, before any of them trains: an error the checker can see (`seed=-1`) ends
    /// the sweep at once with the lesson's error (65), as a plain run would.
    private func checkEveryCombination(_ grid: SweepGrid, options: RunOptions) throws {
        for index in grid.positions(for: shard) {
            if interrupt.isRequested { return }
            var combination = options
            combination.overrides = options.overrides + grid.combination(at: index).map { "\($0.name)=\($0.value)" }
            _ = try LessonRunner(options: combination, observer: SilentObserver(), interrupt: interrupt).check()
        }
    }

    /// `seed` or `seed,N_HIDDEN`, and the fixed `--set` values after a `+` (`seed+EPOCH_NM=30`).
    var folderName: String {
        let names = axes.map(\.name).joined(separator: ",")
        let fixed = options.overrides.map(FitFolder.sanitised).joined(separator: ",")
        let name = fixed.isEmpty ? names : names + "+" + fixed
        return String(name.prefix(FitFolder.maximumLabel))
    }

    /// A name swept twice, or both swept and set, is a usage error.
    private func checkNames() throws {
        func failure(_ message: String) -> LessonError {
            LessonError(message, file: "command line", line: 0, column: 0, kind: .usage)
        }
        var seen: Set<String> = []
        for axis in axes {
            guard seen.insert(axis.name).inserted else { throw failure("--sweep \(axis.name) is given twice; give its values in one --sweep") }
        }
        for text in options.overrides {
            let name = try Override.parse(text).name
            if seen.contains(name) { throw failure("\(name) is both set (--set) and swept (--sweep); give it in one of them") }
        }
    }
}
