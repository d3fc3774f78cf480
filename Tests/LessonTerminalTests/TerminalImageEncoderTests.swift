import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// The graphics escape sequences, byte for byte, for each protocol.
final class TerminalImageEncoderTests: XCTestCase {
    /// A PNG's first four bytes: base64 `iVBORw==`.
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47]

    func testKittySendsThePNGInOneCommandWhenItIsShort() {
        XCTAssertEqual(KittyImage.sequence(png: png, columns: 4, rows: 2),
                       "\u{1B}_Ga=T,f=100,c=4,r=2,C=1,q=2,m=0;iVBORw==\u{1B}\\")
    }

    func testKittySplitsLongPayloadsIntoChunksOf4096Bytes() {
        // 3074 zero bytes are 4100 base64 characters: 4096 `A`, then `AAA=`.
        let sequence = KittyImage.sequence(png: [UInt8](repeating: 0, count: 3074), columns: 80, rows: 20)
        XCTAssertEqual(sequence, "\u{1B}_Ga=T,f=100,c=80,r=20,C=1,q=2,m=1;" + String(repeating: "A", count: 4096) + "\u{1B}\\"
                       + "\u{1B}_Gm=0;AAA=\u{1B}\\")
        // Exactly one chunk's worth stays one command.
        XCTAssertEqual(KittyImage.sequence(png: [UInt8](repeating: 0, count: 3072), columns: 1, rows: 1),
                       "\u{1B}_Ga=T,f=100,c=1,r=1,C=1,q=2,m=0;" + String(repeating: "A", count: 4096) + "\u{1B}\\")
    }

    func testITermSendsTheFileWithItsSizeInCells() {
        XCTAssertEqual(ITermImage.sequence(png: png, columns: 4, rows: 2),
                       "\u{1B}]1337;File=inline=1;size=4;width=4;height=2;preserveAspectRatio=1:iVBORw==\u{07}")
    }

    func testSixelWritesPaletteAndBandsOfSixRows() throws {
        // 2 × 7 white, red at (0, 0) and (1, 6): white is more frequent, so it is colour 0.
        var rgba = [UInt8](repeating: 255, count: 2 * 7 * 4)
        for (x, y) in [(0, 0), (1, 6)] {
            let index = 4 * (y * 2 + x)
            rgba[index + 1] = 0
            rgba[index + 2] = 0
        }
        let image = try XCTUnwrap(RGBImage(width: 2, height: 7, rgba: rgba))
        // Band one: white `}` (rows 1-5) and `~` (all six), `$`, red `@` (row 0); `-`;
        // band two: white `@` in column 0, `$`, red `?@`.
        XCTAssertEqual(SixelImage.sequence(image, colors: 16),
                       "\u{1B}Pq\"1;1;2;7#0;2;100;100;100#1;2;100;0;0#0}~$#1@-#0@$#1?@\u{1B}\\")
    }

    func testSixelRunsAndTrailingEmptyColumns() {
        XCTAssertEqual(SixelImage.runs([1, 1, 1, 1, 0, 2, 2, 0, 0]), "!4@?AA")
        XCTAssertEqual(SixelImage.runs([0, 0]), "")
    }

    func testSixelPaletteKeepsTheMostFrequentColoursAndMapsTheRestToTheNearest() {
        // Pixels: white ×3, black ×2, near-white ×1; two registers.
        let pixels: [UInt8] = [255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 250, 250, 250]
        let palette = SixelPalette(RGBImage(width: 6, height: 1, pixels: pixels), limit: 2)
        XCTAssertEqual(palette.colors, [0xFFFFFF, 0x000000])
        XCTAssertEqual(palette.indices, [0, 0, 0, 1, 1, 0])
    }

    func testBoxFilterAveragesWhatEachNewPixelCovers() throws {
        let image = RGBImage(width: 4, height: 1, pixels: [0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255])
        XCTAssertEqual(image.scaledDown(width: 2, height: 1).pixels, [50, 50, 50, 228, 228, 228])
        XCTAssertEqual(image.scaledDown(width: 8, height: 2), image, "never enlarged")
        // Transparent over white is white.
        XCTAssertEqual(try XCTUnwrap(RGBImage(width: 1, height: 1, rgba: [0, 0, 0, 0])).pixels, [255, 255, 255])
    }

    func testTmuxPassthroughDoublesEveryEscape() {
        XCTAssertEqual(TmuxPassthrough.wrap("\u{1B}_Ga\u{1B}\\"), "\u{1B}Ptmux;\u{1B}\u{1B}_Ga\u{1B}\u{1B}\\\u{1B}\\")
        XCTAssertTrue(TmuxPassthrough.allows("on\n"))
        XCTAssertTrue(TmuxPassthrough.allows("all\n"))
        XCTAssertFalse(TmuxPassthrough.allows("off\n"))
    }

    func testPlacementReservesTheRowsAndLeavesTheCursorUnderThePicture() {
        XCTAssertEqual(ImagePlacement.placed("P", rows: 2), "\n\n\u{1B}[2A\u{1B}7P\u{1B}8\u{1B}[2B")
    }
}
