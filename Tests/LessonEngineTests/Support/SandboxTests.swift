import Foundation
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// The tests' own lesson runs stay in their temporary folders: the vocabulary lesson,
/// whose setup sets `result_dir`, and a `result_dir` given with `--set`, as the runner
/// fuzzer's mutations do, write there and add nothing to the package.
final class SandboxTests: LessonRunningTestCase {
    func testLessonRunsWithAResultDirWriteOnlyIntoTheirSandbox() throws {
        let before = try PackageFolder.entries()
        try PackageFolder.copy("Tests/EndToEndTests/Lessons/vocabulary.md", to: workingFolder + "/Lessons/vocabulary.md")
        try PackageFolder.copy("Tests/EndToEndTests/Lessons/data/wave.csv", to: workingFolder + "/Lessons/data/wave.csv")
        for (overrides, folder) in [([String](), "result/e2e-vocabulary"), (["result_dir=\"elsewhere/vocabulary\""], "elsewhere/vocabulary")] {
            var options = RunOptions(lessonPath: workingFolder + "/Lessons/vocabulary.md")
            options.resultRoot = workingFolder + "/result"
            options.overrides = overrides
            try LessonRunner(options: options, observer: RecordingObserver()).run()
            let image = workingFolder + "/" + folder + "/prediction.png"
            XCTAssertTrue(FileManager.default.fileExists(atPath: image), "\(overrides): no \(image)")
        }
        XCTAssertEqual(try PackageFolder.entries(), before, "a lesson run wrote into the package")
    }
}
