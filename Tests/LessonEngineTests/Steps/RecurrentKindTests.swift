import Foundation
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// A model cell that takes its kind of cell from a constant (`recurrent(kind: CELL, ...)`)
/// keys, trains and reports each kind apart, as a `--sweep CELL=lstm,gru,simple_rnn` needs.
final class RecurrentKindTests: LessonRunningTestCase {
    private let lesson = smallLesson
        .replacingOccurrences(of: "N_HIDDEN = 6\n", with: "N_HIDDEN = 6\nCELL = \"lstm\"\n")
        .replacingOccurrences(of: "lstm(units: N_HIDDEN, bias_initializer: constant(rand() / 10.0), return_sequences: false)",
                              with: "recurrent(kind: CELL, units: N_HIDDEN)")

    func testEachKindHasItsOwnKeyFitAndReportLine() throws {
        let sandbox = try LessonSandbox(text: lesson)
        defer { sandbox.remove() }
        let lstm = try sandbox.run()
        XCTAssertTrue(lstm.events.contains { $0.contains("model: input (10, 1) → lstm 6 → dense 1, 199 parameters") }, lstm.text)

        // The model cell reads CELL, so another kind makes it (and what builds on it) stale.
        let states = try sandbox.states(overrides: ["CELL=gru"])
        XCTAssertEqual(states[2].status, .stale("CELL \"lstm\" → \"gru\""))
        XCTAssertEqual(states[4].status, .stale("model changed"))

        // GRU: 3·6·(1 + 6) + 2·3·6 = 162 weights, and 7 for the dense layer.
        let gru = try sandbox.run(overrides: ["CELL=gru"])
        XCTAssertEqual(gru.epochs.count, 4, gru.text)
        XCTAssertTrue(gru.events.contains { $0.contains("model: input (10, 1) → gru 6 → dense 1, 169 parameters") }, gru.text)
        // SimpleRNN: 6·(1 + 6) + 6 = 48, and 7.
        let simple = try sandbox.run(overrides: ["CELL=simple_rnn"])
        XCTAssertTrue(simple.events.contains { $0.contains("→ simple_rnn 6 → dense 1, 55 parameters") }, simple.text)
        XCTAssertEqual(try sandbox.fitFolders().count, 3, "one fit folder for each kind")

        // Back to each kind: nothing trains again.
        for overrides in [[], ["CELL=gru"], ["CELL=simple_rnn"]] {
            XCTAssertEqual(try sandbox.states(overrides: overrides).map(\.status), Array(repeating: .fresh, count: 6), "\(overrides)")
        }
    }

    /// Writing the layer's word instead of `recurrent(kind:)` changes the cell's text, so
    /// its key: the same lesson with `gru(...)` is a model of its own.
    func testTheLayersWordIsPartOfTheKey() throws {
        let sandbox = try LessonSandbox(text: lesson)
        defer { sandbox.remove() }
        try sandbox.run()
        try sandbox.write(lesson.replacingOccurrences(of: "recurrent(kind: CELL, units: N_HIDDEN)",
                                                      with: "gru(units: N_HIDDEN, reset_after: false)"))
        XCTAssertEqual(try sandbox.states()[2].status, .stale("cell text changed; no longer reads CELL"))
        let run = try sandbox.run()
        XCTAssertTrue(run.events.contains { $0.contains("→ gru 6 → dense 1, 151 parameters") }, run.text)
    }
}
