import Plot
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// When pictures are drawn, and that the terminal is asked once and only when needed.
final class InlineImagesTests: XCTestCase {
    var folder = ""
    /// A 40 × 20 PNG: at the assumed 10 × 20 pixel cell, 4 columns and 1 row.
    var chart = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "inline-images-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/figures", withIntermediateDirectories: true)
        chart = folder + "/figures/chart.png"
        var canvas = Canvas(width: 40, height: 20)
        canvas.fillRect(Rect(x: 0, y: 0, width: 20, height: 20), color: .red)
        try PNGWriter.write(canvas, to: chart)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: folder + "/figures/notes.png"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A drawer whose terminal answers `graphics`, counting the times it is asked.
    func images(_ mode: ImageMode, terminal: Bool, graphics: GraphicsProtocol? = nil) -> (InlineImages, () -> Int) {
        var asked = 0
        let images = InlineImages(mode: mode, environment: [:], isTerminal: terminal) { _, forced in
            asked += 1
            return TerminalGraphics(graphicsProtocol: forced ?? graphics)
        }
        return (images, { asked })
    }

    func testAutoDrawsNothingIntoAPipeAndAsksNothing() {
        let (images, asked) = images(.auto, terminal: false, graphics: .kitty)
        XCTAssertNil(images.picture(file: chart, maxColumns: 80))
        XCTAssertEqual(asked(), 0)
        XCTAssertFalse(images.sketchesCharts)
    }

    func testAForcedProtocolIsWrittenEvenIntoAPipe() throws {
        let (images, asked) = images(.kitty, terminal: false)
        let png = try XCTUnwrap(FileManager.default.contents(atPath: chart))
        XCTAssertEqual(images.picture(file: chart, maxColumns: 80),
                       ImagePlacement.placed(KittyImage.sequence(png: [UInt8](png), columns: 4, rows: 1), rows: 1))
        XCTAssertEqual(asked(), 0, "the reader of a pipe is not the terminal")
        XCTAssertEqual(try XCTUnwrap(self.images(.sixel, terminal: false).0.picture(file: chart, maxColumns: 80)).prefix(21),
                       "\n\u{1B}[1A\u{1B}7\u{1B}Pq\"1;1;40;20#")
    }

    /// Inside tmux with a terminal outside that draws kitty's placeholders, a picture is
    /// the PNG sent through passthrough with a virtual placement, then its cells as text
    /// (4 columns, 1 row for this 40 × 20 PNG), with no rows reserved around it.
    func testInsideTmuxKittyPicturesAreDrawnWithPlaceholders() throws {
        let id = KittyPlaceholder.ImageID(low: 200, high: 7)
        let images = InlineImages(mode: .auto, environment: [:], isTerminal: true, probe: { _, _ in
            TerminalGraphics(graphicsProtocol: .kitty, throughTmux: true, placeholders: true)
        }, newImageID: { id })
        let png = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: chart)))
        XCTAssertEqual(images.picture(file: chart, maxColumns: 80),
                       TmuxPassthrough.wrap(KittyPlaceholder.transmit(png: png, id: id, columns: 4, rows: 1))
                       + KittyPlaceholder.cells(id: id, columns: 4, rows: 1))
        // Without placeholders (an older kitty outside): the direct placement, passed through.
        let direct = InlineImages(mode: .auto, environment: [:], isTerminal: true) { _, _ in
            TerminalGraphics(graphicsProtocol: .kitty, throughTmux: true)
        }
        XCTAssertEqual(direct.picture(file: chart, maxColumns: 80),
                       ImagePlacement.placed(TmuxPassthrough.wrap(KittyImage.sequence(png: png, columns: 4, rows: 1)), rows: 1))
    }

    func testAutoInATerminalAsksOnceForAllPictures() {
        let (images, asked) = images(.auto, terminal: true, graphics: .iterm)
        XCTAssertEqual(asked(), 0, "nothing asked before a picture is drawn")
        XCTAssertTrue(images.picture(file: chart, maxColumns: 80)?.contains("\u{1B}]1337;File=inline=1;") ?? false)
        XCTAssertNotNil(images.picture(file: chart, maxColumns: 80))
        XCTAssertEqual(asked(), 1)
    }

    func testNoPictureWhereTheTerminalDrawsNoneOrTheFileIsNoPNG() {
        XCTAssertNil(images(.auto, terminal: true, graphics: nil).0.picture(file: chart, maxColumns: 80))
        XCTAssertTrue(images(.auto, terminal: true, graphics: nil).0.sketchesCharts)
        XCTAssertNil(images(.kitty, terminal: true).0.picture(file: folder + "/figures/notes.png", maxColumns: 80))
        XCTAssertNil(images(.kitty, terminal: true).0.picture(file: folder + "/missing.png", maxColumns: 80))
        let (none, asked) = images(.off, terminal: true)
        XCTAssertNil(none.picture(file: chart, maxColumns: 80))
        XCTAssertFalse(none.sketchesCharts)
        XCTAssertTrue(images(.braille, terminal: false).0.sketchesCharts)
        XCTAssertEqual(asked(), 0)
    }

    func testProseDrawsTheLinkedPictureUnderItsCaption() {
        var style = TerminalStyle(color: false, width: 120)
        style.images = images(.iterm, terminal: true).0
        style.imageFolder = folder
        let rendered = ProseRenderer.render("The chart: ![A chart](figures/chart.png)\n\nAfter.", style: style)
        let lines = rendered.components(separatedBy: "\n")
        XCTAssertEqual(lines.first, "The chart: [image: A chart, figures/chart.png]")
        XCTAssertTrue(rendered.contains("\n\n\u{1B}[1A\u{1B}7\u{1B}]1337;File=inline=1;size="), rendered)
        XCTAssertEqual(lines.last, "After.")
        // Missing, non-PNG and web images stay text.
        XCTAssertEqual(ProseRenderer.render("![a](figures/notes.png) ![b](https://example.com/x.png) ![c](nope.png)", style: style),
                       "[image: a, figures/notes.png] [image: b, https://example.com/x.png] [image: c, nope.png]")
    }
}
