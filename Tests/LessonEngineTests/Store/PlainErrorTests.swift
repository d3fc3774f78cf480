import Foundation
import LSTMCore
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// Errors in plain words: one exit status for a damaged input, file-system causes in
/// words rather than Foundation's numbers, and `nan` never written `-nan`.
final class PlainErrorTests: XCTestCase {
    /// A damaged checkpoint is a damaged input (65), whether `load_model` names it or
    /// `--resume` continues from it.
    func testADamagedCheckpointGivesTheSameStatusFromLoadModelAndResume() throws {
        let sandbox = try LessonSandbox()
        defer { sandbox.remove() }
        let stop = Interrupt()
        let observer = RecordingObserver()
        observer.onEpoch = { log in if log.epoch == 2 { stop.request() } }
        XCTAssertThrowsError(try sandbox.run(.only("fit"), observer: observer, interrupt: stop))
        let last = try sandbox.fitFolder() + "/" + FitFolder.lastFileName
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: last))
        XCTAssertThrowsError(try sandbox.run(.only("fit"), resume: true)) { error in
            let error = error as? LessonError
            XCTAssertEqual(error?.exitCode, 65, "\(String(describing: error))")
            XCTAssertTrue(error?.message.hasPrefix("cannot resume from \(last): ") == true, "\(String(describing: error))")
        }

        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: sandbox.folder + "/Lessons/damaged.safetensors"))
        try sandbox.write(smallLesson.replacingOccurrences(of: "load_model(\"best\")", with: "load_model(\"damaged.safetensors\")"))
        XCTAssertThrowsError(try sandbox.run()) { error in
            let error = error as? LessonError
            XCTAssertEqual(error?.exitCode, 65, "\(String(describing: error))")
            XCTAssertTrue(error?.message.hasPrefix("cannot load \(sandbox.folder)/Lessons/damaged.safetensors: ") == true,
                          "\(String(describing: error))")
        }
    }

    func testAResultFolderUnderAFileIsSaidInWords() throws {
        let sandbox = try LessonSandbox(text: smallLesson.replacingOccurrences(of: "threads = 1",
                                                                                with: "threads = 1\nresult_dir = \"result/plain/sub\""))
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.resultRoot, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: sandbox.resultRoot + "/plain"))
        XCTAssertThrowsError(try sandbox.run()) { error in
            let error = error as? LessonError
            XCTAssertEqual(error?.exitCode, 74)
            XCTAssertEqual(error?.file, sandbox.resultRoot + "/plain/sub")
            XCTAssertTrue(error?.message == "\(sandbox.resultRoot)/plain is a file, not a folder",
                          "\(String(describing: error))")
            XCTAssertFalse(error?.message.contains("NSCocoaErrorDomain") == true)
        }
        let full = NSError(domain: NSCocoaErrorDomain, code: CocoaError.Code.fileWriteOutOfSpace.rawValue)
        XCTAssertEqual(FileProblem.describe(full), "the disk is full")
    }

    func testNaNIsWrittenNanWhateverItsSign() {
        let negative = -Double.nan
        XCTAssertEqual(negative.sign, .minus)
        XCTAssertEqual(formatSignificant(negative), "nan")
        XCTAssertEqual(formatSignificant(0.000141999, digits: 4), "0.000142")
        XCTAssertEqual(ResultTable.format(negative), "nan")
        let record = FitRecord(folder: "fits/x", history: [EpochLog(epoch: 1, loss: negative, valLoss: nil, seconds: 1)], best: nil, saved: [],
                               monitor: nil, epochs: 1, stopReason: nil, generatorAfter: [], threads: 1)
        XCTAssertEqual(StepActions.fitSummary(record), "1 epoch, last loss nan")
    }
}
