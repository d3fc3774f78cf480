import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Mutated lessons (characters, tokens and lines deleted, duplicated or swapped) and
/// odd run options through the runner itself: every failure must be a documented
/// exit code (1, 64, 65, 74), never a trap or an undocumented error.
///
/// Every case is checked; every case whose sizes stay within `Caps` is also run, in
/// a sandbox that holds the CSV files the lessons read, so fit and validate are fuzzed
/// too. A case is interrupted after `Caps.batches` batches or `caseSeconds`, whichever
/// comes first; the whole test stops taking new cases after `budgetSeconds`. More
/// cases: `LESSON_RUN_FUZZ_CASES=20000` (and `LESSON_RUN_FUZZ_SECONDS=3600`); another
/// stream: `LESSON_FUZZ_SEED=7`.
final class RunnerFuzzTests: LessonRunningTestCase {

    /// The largest sizes a case may ask for and still be run (a mutation can make a
    /// constant 99999999, which the engine accepts up to its own, much larger, limits).
    private enum Caps {
        static let units = 64
        static let windowLength = 120
        static let seriesCount = 5000
        static let epochs = 300
        static let rollout = 8
        static let forecastSteps = 2000
        /// Batches a run may train before the observer interrupts it.
        static let batches = 200
    }

    /// Stops a run after `Caps.batches` batches and notes which steps it reached.
    private final class BoundedObserver: RunObserver {
        let interrupt: Interrupt
        var batches = 0
        var epochs = 0
        var plots = 0
        init(interrupt: Interrupt) { self.interrupt = interrupt }
        func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?) {}
        func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String) {}
        func report(_ line: String) {}
        func printed(_ text: String) {}
        func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int) {}
        func batchEnded(_ progress: BatchProgress) {
            batches += 1
            if batches >= Caps.batches { interrupt.request() }
        }
        func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?) { self.epochs += 1 }
        func plotWritten(path: String, chart: LineChart) { plots += 1 }
    }

    /// Records every step call of a checked lesson with its evaluated arguments, binding
    /// what a run would bind as unknown, and says which size is over its cap.
    private final class SizeProbe: StepPerformer {
        var tooLarge: String?

        func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
            let limits: [(step: String, argument: String, cap: Int)] = [
                ("lstm", "units", Caps.units), ("dense", "units", Caps.units), ("windows", "length", Caps.windowLength),
                ("series", "count", Caps.seriesCount), ("fit", "epochs", Caps.epochs), ("fit", "rollout", Caps.rollout),
                ("forecast", "steps", Caps.forecastSteps),
            ]
            for limit in limits where limit.step == call.name {
                guard let value = call[limit.argument] else { continue }
                if (value.wholeNumber ?? Int.max) > limit.cap { tooLarge = tooLarge ?? "\(call.name)(\(limit.argument): \(value))" }
            }
            if call.name == "input", case .tuple(let dimensions)? = call["shape"],
               (dimensions.first?.wholeNumber ?? Int.max) > Caps.windowLength {
                tooLarge = tooLarge ?? "input(shape: \(dimensions))"
            }
            var bindings: [String: Value] = [:]
            for name in Vocabulary.signatures[call.name]?.binds ?? [] { bindings[name] = .unknown }
            return bindings
        }

        /// The first size over its cap when `lesson` runs with `overrides`, "unknown" when
        /// the probe cannot tell, nil when every size is within the caps.
        static func oversize(_ lesson: Lesson, overrides: [String]) -> String? {
            let probe = SizeProbe()
            let interpreter = Interpreter(calls: Vocabulary.table, random: nil, output: { _ in })
            do {
                for text in overrides {
                    let parsed = try Override.parse(text)
                    interpreter.overrides[parsed.name] = parsed.value
                }
                for cell in lesson.cells { _ = try interpreter.run(cell, performer: probe) }
            } catch {
                return "unknown (\(error))"
            }
            return probe.tooLarge
        }
    }

    /// The lessons mutated: the small test lessons and the project's lessons.
    private func sources() -> [String] {
        func read(_ folder: String) -> [String] {
            let path = PackageFolder.root + "/" + folder
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
            return names.compactMap { try? String(contentsOfFile: path + "/" + $0, encoding: .utf8) }
        }
        return [smallLesson] + read("Tests/EndToEndTests/Lessons") + read("Lessons") + [lessonOne]
    }

    private static let tokens = ["(", ")", "[", "]", ",", ":", "=", "\"", "-", "0", "1e9", "-1", "0.5", "rand()", "```", "fit",
                                 "EPOCH_NM", "N_HIDDEN", "LEN_SEQ", "{name=x}", "**", "\n", "#", "holdout: 3", "csv: \"a.csv\""]

    private func mutate(_ text: String, _ m: inout FuzzMutator) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0...m.below(3) {
            guard !lines.isEmpty else { break }
            let i = m.below(lines.count)
            switch m.below(9) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: m.below(lines.count + 1))
            case 2: lines.swapAt(i, m.below(lines.count))
            default:
                var characters = Array(lines[i])
                let at = m.below(characters.count + 1)
                switch m.below(6) {
                case 0: if at < characters.count { characters.remove(at: at) }
                case 1: if at < characters.count { characters.insert(characters[at], at: at) }
                case 2: if at + 1 < characters.count { characters.swapAt(at, at + 1) }
                case 3: characters.insert(contentsOf: RunnerFuzzTests.tokens[m.below(RunnerFuzzTests.tokens.count)], at: at)
                default:
                    // Replace a number-like word with another number.
                    let numbers = ["0", "1", "2", "7", "100", "-3", "0.25", "3000", "99999999"]
                    characters.insert(contentsOf: numbers[m.below(numbers.count)], at: at)
                }
                lines[i] = String(characters)
            }
        }
        return lines.joined(separator: "\n")
    }

    func testMutatedLessonsAndOptionsOnlyGiveDocumentedExitCodes() throws {
        let environment = ProcessInfo.processInfo.environment
        var m = FuzzMutator(state: UInt64(environment["LESSON_FUZZ_SEED"] ?? "") ?? 2027)
        let cases = Int(environment["LESSON_RUN_FUZZ_CASES"] ?? "") ?? 400
        let budgetSeconds = Double(environment["LESSON_RUN_FUZZ_SECONDS"] ?? "") ?? 90
        let caseSeconds = 10.0
        let lessons = sources()
        // Three cases in four start from a lesson small enough to run as written.
        let runnable = lessons.filter { text in
            (try? LessonParser.parse(text, path: "Lessons/fuzz.md")).map { SizeProbe.oversize($0, overrides: []) == nil } ?? false
        }
        XCTAssertGreaterThan(lessons.count, 5)
        XCTAssertGreaterThanOrEqual(runnable.count, 4, "the small test lessons and lesson 03 run within the caps")
        // The working directory is this test's own folder: the lessons, their data and
        // every result (a mutated or overridden result_dir too) stay inside it.
        let folder = workingFolder
        let before = try PackageFolder.entries()
        try PackageFolder.copy("Tests/EndToEndTests/Lessons/data/wave.csv", to: folder + "/Lessons/data/wave.csv")
        try PackageFolder.copy("Lessons/data/tide.csv", to: folder + "/Lessons/data/tide.csv")
        let path = folder + "/Lessons/fuzz.md"
        let addresses = ["1", "2", "0", "-1", "4", "fit", "validate", "model", "x", "99999999999999999999", ""]
        let overrides = ["EPOCH_NM=2", "N_HIDDEN=0", "LEN_SEQ=3", "X=", "=1", "EPOCH_NM=\"a\"", "seed=5", "threads=0",
                         "NUM_OF_CYCLE=1", "BATCH_NM=1e300", "result_dir=\"\"", "EPOCH_NM=(1,", "result_dir=\"elsewhere\""]
        var outcomes: [Int32: Int] = [:]
        var runs = 0, fits = 0, plots = 0, oversized = 0, checked = 0
        let start = Date()
        for number in 0..<cases {
            guard Date().timeIntervalSince(start) < budgetSeconds else { break }
            checked += 1
            let base = m.below(4) == 0 || runnable.isEmpty ? lessons[m.below(lessons.count)] : runnable[m.below(runnable.count)]
            let text = number % 10 == 9 ? base : mutate(base, &m)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            var options = RunOptions(lessonPath: path)
            options.resultRoot = folder + "/result"
            options.threads = 1
            if m.below(4) == 0 { options.overrides = [overrides[m.below(overrides.count)]] }
            switch m.below(6) {
            case 0: options.selection = .only(addresses[m.below(addresses.count)])
            case 1: options.selection = .from(addresses[m.below(addresses.count)])
            default: break
            }
            options.force = m.below(5) == 0
            options.resume = m.below(8) == 0
            // Results accumulate over cases (so fresh results and resumes are reused) but
            // not without end: every 50 cases the store starts empty.
            if number % 50 == 0 { try? FileManager.default.removeItem(atPath: folder + "/result") }
            let interrupt = Interrupt()
            let observer = BoundedObserver(interrupt: interrupt)
            let runner = LessonRunner(options: options, observer: observer, interrupt: interrupt)
            let watchdog = DispatchWorkItem { interrupt.request() }
            DispatchQueue.global().asyncAfter(deadline: .now() + caseSeconds, execute: watchdog)
            let caseStart = Date()
            var code: Int32 = 0
            do {
                let lesson = try runner.check()
                if SizeProbe.oversize(lesson, overrides: options.overrides) == nil {
                    runs += 1
                    try runner.run()
                    _ = try runner.cellStates()
                } else {
                    oversized += 1
                }
            } catch {
                code = exitCode(for: error)
                let documented = error is LessonError || error is RunInterrupted || error is CellInterrupted
                XCTAssertTrue(documented && [1, 64, 65, 74].contains(code),
                              "case \(number): \(type(of: error)) \(error) (exit \(code)); lesson:\n\(text)")
                _ = render(error, color: true)
            }
            watchdog.cancel()
            let seconds = Date().timeIntervalSince(caseStart)
            XCTAssertLessThan(seconds, caseSeconds + 20, "case \(number) ran on \(Int(seconds)) s after its interrupt; lesson:\n\(text)")
            if observer.epochs > 0 { fits += 1 }
            if observer.plots > 0 { plots += 1 }
            outcomes[code, default: 0] += 1
        }
        print("runner fuzz: \(checked) cases in \(Int(Date().timeIntervalSince(start))) s, \(runs) runs "
              + "(\(fits) trained an epoch, \(plots) drew a plot), \(oversized) over the size caps, "
              + "exit codes \(outcomes.sorted { $0.key < $1.key })")
        XCTAssertGreaterThanOrEqual(checked, min(cases, 50), "cases checked within \(Int(budgetSeconds)) s")
        XCTAssertGreaterThan(outcomes[0] ?? 0, checked / 10, "mutations must leave some lessons valid: \(outcomes)")
        XCTAssertGreaterThan(outcomes[65] ?? 0, checked / 10, "and make some invalid: \(outcomes)")
        // Every step is fuzzed: runs that train and runs that get through validate to its plot.
        XCTAssertGreaterThan(fits, checked / 20, "runs that trained")
        XCTAssertGreaterThan(plots, checked / 40, "runs that drew a plot")
        XCTAssertEqual(try PackageFolder.entries(), before, "the fuzzer wrote into the package")
    }
}
