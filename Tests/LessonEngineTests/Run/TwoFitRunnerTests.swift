import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// A lesson with two fit cells: each keeps its own state files, and the second
/// (which goes on training the first's weights) is stale when the first changes.
final class TwoFitRunnerTests: LessonRunningTestCase {
    static let lesson = """
    # Two fits

    ```setup
    threads = 1
    ```

    ```model
    input(shape: (5, 1))
    lstm(units: 3)
    dense(units: 1)
    compile()
    ```

    ```data
    f(x) = sin(x / 3)
    series(f, count: 60)
    windows(length: 5)
    ```

    ```fit
    fit(batch_size: 16, epochs: 2, validation_split: 0.2, shuffle: false)
    ```

    ```fit {name=more}
    fit(batch_size: 16, epochs: 3, validation_split: 0.2, shuffle: true)
    ```

    ```validate
    load_model("best")
    forecast(steps: 5)
    ```

    """

    /// Lesson 04's pattern: a second fit reads a number the first validate cell bound, and
    /// a last validate compares with that cell's forecast. `lesson list` forecasts
    /// nothing, so it takes both from the validate cell's record; after a full run every
    /// cell is fresh, not "(unbound)".
    func testAFitAfterAValidateReadsWhatItBound() throws {
        let text = TwoFitRunnerTests.lesson
            .replacingOccurrences(of: "```fit {name=more}", with: """
                ```validate {name=first}
                load_model("best")
                forecast(steps: 5)
                more_epochs = best_epoch + 1
                first_forecast = predictions
                ```

                ```fit {name=more}
                """)
            .replacingOccurrences(of: "epochs: 3, validation_split: 0.2, shuffle: true", with: "epochs: more_epochs, validation_split: 0.2, shuffle: true")
            + "\n```validate {name=compare}\nplot(file: \"both.png\", compare: first_forecast)\n```\n"
        let sandbox = try LessonSandbox(name: "fit-after-validate", text: text)
        defer { sandbox.remove() }
        let run = try sandbox.run()
        XCTAssertTrue(run.text.contains("epochs"), run.text)
        let states = try sandbox.states()
        XCTAssertEqual(states.count, 8)
        XCTAssertTrue(states.allSatisfy { $0.status == .fresh }, "\(states.map(\.status))")
    }

    func testEachFitKeepsItsOwnStateAndChainsItsKey() throws {
        let sandbox = try LessonSandbox(name: "two-fits", text: TwoFitRunnerTests.lesson)
        defer { sandbox.remove() }
        let first = try sandbox.run()
        let folders = try sandbox.fitFolders()
        XCTAssertEqual(folders.map { ($0 as NSString).lastPathComponent.prefix(16) }, ["fit4,as-written-", "more,as-written-"])
        XCTAssertTrue(first.text.contains("Loaded \(folders[1])/last.safetensors: the fit kept no checkpoints"), first.text)
        XCTAssertNotNil(FileManager.default.contents(atPath: folders[0] + "/last.safetensors"))
        XCTAssertNotNil(sandbox.contents("history-4.csv"))
        XCTAssertNotNil(sandbox.contents("history-more.csv"))
        let again = try sandbox.run(.only("validate"))
        XCTAssertEqual(again.epochs.count, 0, again.text)
        XCTAssertEqual(again.events.filter { $0.hasPrefix("skip ") }.count, 2, again.text)
        try sandbox.write(TwoFitRunnerTests.lesson.replacingOccurrences(of: "epochs: 2,", with: "epochs: 1,"))
        XCTAssertEqual(try sandbox.states().map(\.status).suffix(3),
                       [.stale("cell text changed"), .stale("fit changed"), .stale("fit changed")])
    }
}
