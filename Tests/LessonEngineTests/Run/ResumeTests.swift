import Foundation
import LSTMCore
import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// `--resume` after an interrupted fit.
final class ResumeTests: LessonRunningTestCase {
    func testResumeAfterAnInterruptedFitEndsWhereAnUninterruptedRunEnds() throws {
        let whole = try LessonSandbox()
        defer { whole.remove() }
        try whole.run(.only("fit"))

        let broken = try LessonSandbox()
        defer { broken.remove() }
        let interrupt = Interrupt()
        let observer = RecordingObserver()
        observer.onEpoch = { log in if log.epoch == 2 { interrupt.request() } }
        XCTAssertThrowsError(try broken.run(.only("fit"), observer: observer, interrupt: interrupt)) { error in
            XCTAssertEqual(exitCode(for: error), 1)
            XCTAssertEqual("\(error)".prefix(26), "Interrupted after epoch 2;", "\(error)")
            XCTAssertTrue("\(error)".contains("--resume"), "\(error)")
        }
        guard case .stale(let reason) = try broken.states()[4].status else { return XCTFail("the fit must be stale") }
        XCTAssertTrue(reason.hasPrefix("interrupted after epoch 2; "), reason)
        XCTAssertTrue(reason.hasSuffix("--resume continues it"), reason)
        XCTAssertEqual(try broken.states()[5].status, .neverRun)
        // Without --resume a later run would start over; with it, fit goes on from epoch 2.
        let resumed = try broken.run(.only("fit"), resume: true)
        XCTAssertEqual(resumed.epochs.map(\.epoch), [3, 4], resumed.text)
        let a = try SafeTensors.read(try whole.fitFolder() + "/last.safetensors")
        let b = try SafeTensors.read(try broken.fitFolder() + "/last.safetensors")
        XCTAssertEqual(a.tensors, b.tensors, "weights and optimizer state after epoch 4 must be bit-identical")
        XCTAssertEqual(try whole.keptFiles().keys.sorted(), try broken.keptFiles().keys.sorted())
        for (name, data) in try whole.keptFiles() where name.contains("/model") {
            XCTAssertEqual(try broken.keptFiles()[name], data, name)
        }
        XCTAssertEqual(try broken.states()[4].status, .fresh)
        // Nothing is left to resume now.
        XCTAssertThrowsError(try broken.run(.only("fit"), force: true, resume: true)) { error in
            XCTAssertEqual(exitCode(for: error), 64, "\(error)")
        }
    }
}
