import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine

/// Mutated lessons (characters, tokens and lines deleted, duplicated or swapped) and
/// odd run options through the runner itself: every failure must be a documented
/// exit code (1, 64, 65, 74), never a trap or an undocumented error. All cases are
/// checked; one in four (of the small lessons, which train in milliseconds) is
/// also run, with fit interrupted after 40 batches so a mutated size cannot make a
/// case slow. More cases: `LESSON_RUN_FUZZ_CASES=20000`; another stream:
/// `LESSON_FUZZ_SEED=7`.
final class RunnerFuzzTests: XCTestCase {

    /// Interrupts a fit after a fixed number of batches.
    private final class BoundedObserver: RunObserver {
        let interrupt: Interrupt
        var batches = 0
        init(interrupt: Interrupt) { self.interrupt = interrupt }
        func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?) {}
        func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String) {}
        func report(_ line: String) {}
        func printed(_ text: String) {}
        func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int) {}
        func batchEnded(_ progress: BatchProgress) {
            batches += 1
            if batches >= 40 { interrupt.request() }
        }
        func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?) {}
        func plotWritten(path: String, chart: LineChart) {}
    }

    /// The lessons mutated: the small test lessons (run) and the project's lessons (checked).
    private func sources() -> (small: [String], large: [String]) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func read(_ folder: String) -> [String] {
            let path = root.appendingPathComponent(folder).path
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
            return names.compactMap { try? String(contentsOfFile: path + "/" + $0, encoding: .utf8) }
        }
        return ([smallLesson] + read("Tests/EndToEndTests/Lessons"), read("Lessons") + [lessonOne])
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
        let cases = Int(environment["LESSON_RUN_FUZZ_CASES"] ?? "") ?? 1000
        let runEvery = 4
        let (small, large) = sources()
        XCTAssertGreaterThan(small.count, 1)
        let folder = NSTemporaryDirectory() + "lesson-fuzz-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/Lessons", withIntermediateDirectories: true)
        let path = folder + "/Lessons/fuzz.md"
        let addresses = ["1", "2", "0", "-1", "4", "fit", "validate", "model", "x", "99999999999999999999", ""]
        let overrides = ["EPOCH_NM=2", "N_HIDDEN=0", "LEN_SEQ=3", "X=", "=1", "EPOCH_NM=\"a\"", "seed=5", "threads=0",
                         "NUM_OF_CYCLE=1", "BATCH_NM=1e300", "result_dir=\"\"", "EPOCH_NM=(1,"]
        var outcomes: [Int32: Int] = [:]
        var runs = 0
        for number in 0..<cases {
            let runs_ = number % runEvery == 0
            let base = runs_ || m.below(2) == 0 ? small[m.below(small.count)] : (large.isEmpty ? smallLesson : large[m.below(large.count)])
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
            let interrupt = Interrupt()
            let runner = LessonRunner(options: options, observer: BoundedObserver(interrupt: interrupt), interrupt: interrupt)
            var code: Int32 = 0
            do {
                try runner.check()
                if runs_ && small.contains(base) {
                    runs += 1
                    try runner.run()
                    _ = try runner.cellStates()
                }
            } catch {
                code = exitCode(for: error)
                let documented = error is LessonError || error is RunInterrupted
                XCTAssertTrue(documented && [1, 64, 65, 74].contains(code),
                              "case \(number): \(type(of: error)) \(error) (exit \(code)); lesson:\n\(text)")
                _ = render(error, color: true)
            }
            outcomes[code, default: 0] += 1
        }
        print("runner fuzz: \(cases) cases, \(runs) runs, exit codes \(outcomes.sorted { $0.key < $1.key })")
        XCTAssertGreaterThan(outcomes[0] ?? 0, cases / 10, "mutations must leave some lessons valid: \(outcomes)")
        XCTAssertGreaterThan(outcomes[65] ?? 0, cases / 10, "and make some invalid: \(outcomes)")
    }
}
