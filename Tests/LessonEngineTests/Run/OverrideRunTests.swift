import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// `--set` in a run: the value replaced where the cell binds it, and said so.
final class OverrideRunTests: LessonRunningTestCase {
    func testSetOverridesAConstant() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = try sandbox.run(overrides: ["EPOCH_NM=2"])
        XCTAssertEqual(observer.epochs.map(\.epoch), [1, 2])
        XCTAssertTrue(String(decoding: sandbox.contents("report.md") ?? Data(), as: UTF8.self).contains("`--set EPOCH_NM=2`"))
        // Without the override the fit is stale, and says why.
        XCTAssertEqual(try sandbox.states()[4].status, .stale("EPOCH_NM 2 → 4"))
        XCTAssertEqual(try sandbox.states(overrides: ["EPOCH_NM=2"])[4].status, .fresh)
        // An override that names no constant is a usage error with a suggestion.
        XCTAssertThrowsError(try sandbox.run(overrides: ["EPOCH_MN=2"])) { error in
            XCTAssertEqual(exitCode(for: error), 64)
            XCTAssertTrue("\(error)".contains("did you mean 'EPOCH_NM'?"), "\(error)")
        }
        XCTAssertThrowsError(try sandbox.run(overrides: ["ZZZ=2"])) { error in
            XCTAssertEqual(exitCode(for: error), 64)
            XCTAssertTrue("\(error)".contains("the names it binds are BATCH_NM, EPOCH_NM"), "\(error)")
        }
        // Another seed: the model's initial weights and the data's shuffle change, and
        // fit and validate follow the model and the data (the constants were kept with
        // EPOCH_NM=2, so they are stale too).
        XCTAssertEqual(try sandbox.states(overrides: ["seed=1"]).map(\.status), [
            .stale("--set seed=1"), .stale("last run had --set EPOCH_NM=2, this one has none"), .stale("seed 0 → seed 1"),
            .stale("seed 0 → 1"), .stale("EPOCH_NM 2 → 4; model changed; data changed"), .stale("model changed; data changed; fit changed"),
        ])
        XCTAssertThrowsError(try sandbox.run(overrides: ["N_HIDDEN=-3"])) { error in
            XCTAssertEqual(exitCode(for: error), 65, "\(error)")
        }
    }

    /// A value `--set` replaces is reported as its cell runs, with the lesson's own
    /// value; an override equal to the lesson's value is not; a fresh cell replayed
    /// without a word says nothing either.
    func testReplacedValuesAreReportedAsTheirCellRuns() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let observer = try sandbox.run(overrides: ["EPOCH_NM=2", "N_HIDDEN=6", "seed=1"])
        let events = observer.events
        let setup = try XCTUnwrap(events.firstIndex(of: "run 1 setup"))
        let constants = try XCTUnwrap(events.firstIndex(of: "run 2 constants"))
        let model = try XCTUnwrap(events.firstIndex(of: "run 3 model"))
        XCTAssertEqual(Array(events[setup + 1..<constants]), [
            "setup: seed 1 for rand(), shuffle() and the weight initialisers",
            "setup: 1 thread",
            "seed = 1 (--set; the lesson says 0)",
        ])
        XCTAssertEqual(Array(events[constants + 1..<model]), ["EPOCH_NM = 2 (--set; the lesson says 4)"])
        XCTAssertEqual(events.filter { $0.contains("(--set") }.count, 2, observer.text)

        let validate = try sandbox.run(.only("validate"), overrides: ["EPOCH_NM=2", "N_HIDDEN=6", "seed=1"])
        XCTAssertFalse(validate.text.contains("(--set"), validate.text)
    }
}
