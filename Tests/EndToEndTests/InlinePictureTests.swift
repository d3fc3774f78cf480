import Foundation
import XCTest

/// The summary charts of `run --sweep` and of `lesson compare` as pictures, byte for
/// byte: a forced protocol (`--images kitty`, or `LESSON_IMAGES=kitty`) is written even
/// into a pipe, and each picture carries the PNG file as the program wrote it.
final class InlinePictureTests: XCTestCase {
    private let lesson = "Lessons/01-small-sine.md"
    private let sweep = ["--sweep", "seed=0,1", "--set", "EPOCH_NM=2", "--threads", "1"]

    func testASweepDrawsOnlyItsSummaryChartsAsPictures() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Program.run(["run", lesson, "--images", "kitty"] + sweep, in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        let charts = folder + "/result/01-small-sine/sweeps/seed+EPOCH_NM=2"
        try XCTAssertEqual(KittyPictures.files(in: run.output), [Self.contents(charts + "/compare.png"),
                                                                  Self.contents(charts + "/losses.png")])
    }

    func testCompareDrawsItsChartsAsPicturesLikeASweep() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Program.run(["run", lesson, "--quiet"] + sweep, in: folder)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        let charts = folder + "/result/01-small-sine/compare"
        for (arguments, environment) in [(["--images", "kitty"], [:]), ([], ["LESSON_IMAGES": "kitty"]),
                                         (["--images", "kitty"], ["LESSON_IMAGES": "none"])] {
            let compare = try Program.run(["compare", lesson] + arguments, in: folder, environment: environment)
            XCTAssertEqual(compare.status, 0, compare.output + compare.errors)
            try XCTAssertEqual(KittyPictures.files(in: compare.output), [Self.contents(charts + "/compare.png"),
                                                                          Self.contents(charts + "/losses.png")],
                               "\(arguments) \(environment)")
            XCTAssertEqual(compare.output.split(separator: "\n").filter { $0.contains(" done ") }.count, 2, compare.output)
        }
        // Into a pipe, auto draws nothing, and --images none overrides LESSON_IMAGES.
        for (arguments, environment) in [([String](), [String: String]()), (["--images", "none"], ["LESSON_IMAGES": "kitty"])] {
            let compare = try Program.run(["compare", lesson] + arguments, in: folder, environment: environment)
            XCTAssertEqual(compare.status, 0, compare.errors)
            XCTAssertFalse(compare.output.contains("\u{1B}"), compare.output)
            XCTAssertTrue(compare.output.contains("Wrote result/01-small-sine/compare/compare.md"), compare.output)
        }
    }

    private static func contents(_ path: String) throws -> Data {
        try XCTUnwrap(FileManager.default.contents(atPath: path), path)
    }
}

/// Reads kitty graphics commands (`ESC _ G keys ; payload ESC \`) back into the files
/// they carry.
enum KittyPictures {
    /// The PNG of each picture in `output`, in order. Every chunk's payload must be at
    /// most 4096 bytes; a picture starts with `a=T,f=100` and ends with the chunk that
    /// says `m=0`.
    static func files(in output: String) throws -> [Data] {
        let pattern = try NSRegularExpression(pattern: "\u{1B}_G([^;\u{1B}]*);([^\u{1B}]*)\u{1B}\\\\")
        let text = output as NSString
        var pictures: [Data] = []
        var payload = ""
        for match in pattern.matches(in: output, range: NSRange(location: 0, length: text.length)) {
            let keys = text.substring(with: match.range(at: 1)).split(separator: ",").map(String.init)
            let chunk = text.substring(with: match.range(at: 2))
            XCTAssertLessThanOrEqual(chunk.utf8.count, 4096, "a chunk of kitty payload is at most 4096 bytes")
            if keys.contains("a=T") {
                XCTAssertTrue(payload.isEmpty, "a picture starts before the last one ended")
                XCTAssertTrue(keys.contains("f=100"), "\(keys)")
            }
            payload += chunk
            if keys.contains("m=0") {
                pictures.append(try XCTUnwrap(Data(base64Encoded: payload), "the payload is not base64"))
                payload = ""
            }
        }
        XCTAssertTrue(payload.isEmpty, "the last picture has no chunk with m=0")
        return pictures
    }
}
