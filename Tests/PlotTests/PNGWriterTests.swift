import CPNG
import Foundation
@testable import Plot
import XCTest

final class PNGWriterTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "plot-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Truth constant 1, prediction constant −1: the pixels on those lines must be red and blue.
    func makeChart() throws -> LineChart {
        let steps = Array(4000..<4100)
        return try predictionChart(steps: steps, truth: steps.map { _ in 1.0 }, prediction: steps.map { _ in -1.0 },
                                   title: "Round trip", rmse: 2)
    }

    func testRoundTripKeepsSizeColourTypeTextAndSeriesColours() throws {
        let chart = try makeChart()
        let canvas = try chart.render()
        let path = folder + "/prediction.png"
        let text = [(key: "Title", value: "Round trip"), (key: "Software", value: "lesson test"),
                    (key: "Description", value: "lesson 01-sine-wave, cell validate, epoch 12, RMSE 2 − 0")]
        try PNGWriter.write(canvas, to: path, text: text)
        let image = try PNGReader.read(path)
        XCTAssertEqual(image.width, 1200)
        XCTAssertEqual(image.height, 600)
        XCTAssertEqual(image.colorType, 6, "RGBA")
        XCTAssertEqual(image.bitDepth, 8)
        XCTAssertEqual(image.pixels, canvas.pixels, "pixels read back differ from those written")
        XCTAssertEqual(image.text.map(\.key), ["Title", "Software", "Description"])
        XCTAssertEqual(image.text.map(\.value),
                       ["Round trip", "lesson test", "lesson 01-sine-wave, cell validate, epoch 12, RMSE 2 − 0"],
                       "U+2212 kept, through iTXt")

        let layout = try ChartLayout(chart: chart)
        let truth = layout.pixel(x: 4050, y: 1), prediction = layout.pixel(x: 4050, y: -1)
        let red = image.pixel(x: Int(truth.x), y: Int(truth.y))
        let blue = image.pixel(x: Int(prediction.x), y: Int(prediction.y))
        XCTAssertEqual(red, Color.red, "truth line at \(truth) should be red, is \(String(describing: red))")
        XCTAssertEqual(blue, Color.blue, "prediction line at \(prediction) should be blue, is \(String(describing: blue))")
        // Between the lines there is only background and grid.
        let middle = image.pixel(x: Int(truth.x) + 3, y: Int((truth.y + prediction.y) / 2) + 7)
        XCTAssertEqual(middle, Color.white)
    }

    /// The chunks as a PNG reader sees them, parsed here without libpng: ASCII values in
    /// tEXt (key, NUL, Latin-1 text), others in uncompressed iTXt (key, NUL, flag 0,
    /// method 0, empty language, NUL, empty translated key, NUL, UTF-8 text), every CRC right.
    func testTextChunksAreTEXtForASCIIAndITXtInUTF8OtherwiseWithValidCRCs() throws {
        let path = folder + "/chunks.png"
        let text = [(key: "Title", value: "3 sin 5x − 5 cos 3x"), (key: "Best epoch", value: "48"),
                    (key: "Command", value: "lesson run Lessons/01-sine-wave.md --set N_HIDDEN=16"), (key: "Unit", value: "µs")]
        try PNGWriter.write(Canvas(width: 4, height: 3, background: .red), to: path, text: text)
        let chunks = try PNGChunks.read(path)
        XCTAssertEqual(chunks.first?.type, "IHDR")
        XCTAssertEqual(chunks.last?.type, "IEND")
        let texts = chunks.filter { $0.type == "tEXt" || $0.type == "iTXt" }
        XCTAssertEqual(texts.map(\.type), ["iTXt", "tEXt", "tEXt", "iTXt"])
        XCTAssertEqual(texts[1].data, Array("Best epoch\u{0}48".utf8))
        XCTAssertEqual(texts[2].data, Array("Command\u{0}lesson run Lessons/01-sine-wave.md --set N_HIDDEN=16".utf8))
        XCTAssertEqual(texts[0].data, Array("Title".utf8) + [0, 0, 0, 0, 0] + Array("3 sin 5x − 5 cos 3x".utf8))
        XCTAssertEqual(texts[3].data, Array("Unit".utf8) + [0, 0, 0, 0, 0] + Array("µs".utf8))
        XCTAssertEqual(PNGChunks.crc32(Array("IEND".utf8)), 0xAE42_6082, "the CRC every PNG's IEND carries")
        XCTAssertTrue(chunks.allSatisfy(\.crcMatches), "\(chunks.filter { !$0.crcMatches }.map(\.type))")
        // libpng's reader gives the same values back, in order.
        let image = try PNGReader.read(path)
        XCTAssertEqual(image.text.map(\.key), text.map(\.key))
        XCTAssertEqual(image.text.map(\.value), text.map(\.value))
        XCTAssertEqual(image.text("Unit"), "µs")
        XCTAssertNil(image.text("Missing"))
    }

    func testSameInputGivesIdenticalBytes() throws {
        let canvas = try makeChart().render()
        let first = folder + "/a.png", second = folder + "/b.png"
        try PNGWriter.write(canvas, to: first, text: [("Title", "same")])
        try PNGWriter.write(try makeChart().render(), to: second, text: [("Title", "same")])
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        XCTAssertGreaterThan(a.count, 1000)
        XCTAssertEqual(a, b, "PNG bytes differ for identical input (\(a.count) vs \(b.count) bytes)")
        XCTAssertNil(a.range(of: Data("tIME".utf8)), "no tIME chunk: the bytes must not depend on the clock")
    }

    func testWriteReplacesAnExistingFileAndLeavesNoTemporary() throws {
        let path = folder + "/plot.png"
        try PNGWriter.write(Canvas(width: 3, height: 2, background: .red), to: path)
        try PNGWriter.write(Canvas(width: 5, height: 4, background: .blue), to: path)
        let image = try PNGReader.read(path)
        XCTAssertEqual(image.width, 5)
        XCTAssertEqual(image.pixel(x: 4, y: 3), .blue)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["plot.png"])
    }

    func testMissingFolderThrowsErrorNamingThePath() {
        let path = folder + "/no/such/folder/plot.png"
        XCTAssertThrowsError(try PNGWriter.write(Canvas(width: 2, height: 2), to: path)) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains(path), "message should name the path: \(message)")
            XCTAssertTrue(message.contains("No such file or directory"), "message should give the reason: \(message)")
        }
    }

    func testParentThatIsAFileThrowsErrorNamingThePath() throws {
        let file = folder + "/not-a-folder"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let path = file + "/plot.png"
        XCTAssertThrowsError(try PNGWriter.write(Canvas(width: 2, height: 2), to: path)) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains(path) && message.contains("Not a directory"), message)
        }
    }

    /// A folder where the PNG should go: the rename over it fails even for root (EISDIR),
    /// the folder stays as it was and no temporary file is left beside it.
    func testDestinationThatIsAFolderThrowsErrorNamingThePathAndLeavesNoTemporary() throws {
        let path = folder + "/plot.png"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try PNGWriter.write(Canvas(width: 2, height: 2), to: path)) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains(path) && message.contains("Is a directory"), message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["plot.png"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path), ["inside"])
    }

    /// /dev/full accepts open but fails every write with ENOSPC: the disk-full path of the C layer.
    func testFullDiskIsReportedByTheCLayer() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else {
            // Every Linux has it; only a stripped container could lack it, and CI must not.
            if ProcessInfo.processInfo.environment["CI"] != nil { return XCTFail("CI is set and there is no /dev/full (mknod /dev/full c 1 7)") }
            throw XCTSkip("no /dev/full")
        }
        var pixels = [UInt8](repeating: 200, count: 64 * 64 * 4)
        var message = [CChar](repeating: 0, count: 256)
        let full = open("/dev/full", O_WRONLY)
        XCTAssertGreaterThanOrEqual(full, 0)
        defer { close(full) }
        let code = pixels.withUnsafeMutableBufferPointer { buffer in
            cpng_write_rgba_fd(full, buffer.baseAddress, 64, 64, nil, 0, &message, message.count)
        }
        let text = String(cString: message)
        XCTAssertEqual(code, CPNG_ERROR_WRITE, "expected a write error, got \(code): \(text)")
        XCTAssertTrue(text.contains("No space left on device"), text)
    }

    func testInvalidTextKeyIsRejectedBeforeWriting() {
        let path = folder + "/key.png"
        XCTAssertThrowsError(try PNGWriter.write(Canvas(width: 1, height: 1), to: path, text: [("", "x")]))
        XCTAssertThrowsError(try PNGWriter.write(Canvas(width: 1, height: 1), to: path,
                                                 text: [(String(repeating: "k", count: 80), "x")]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
