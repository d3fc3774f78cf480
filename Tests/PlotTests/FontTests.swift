@testable import Plot
import XCTest

final class FontTests: XCTestCase {
    static let required = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + ".,:;-+()[]/%=_'\"!?<>" + "\u{2212}µ"

    func testSheetParsesAndHasEveryListedGlyph() throws {
        let font = try BitmapFont(sheet: standardGlyphSheet)
        let missing = Self.required.filter { font.glyphs[$0] == nil }
        XCTAssertEqual(String(missing), "", "glyphs missing from the sheet")
        XCTAssertEqual(font.glyphs.count, BitmapFont.standard.glyphs.count)
        for (character, glyph) in font.glyphs {
            XCTAssertEqual(glyph.rows.count, BitmapFont.cellHeight, "'\(character)'")
            XCTAssertTrue(glyph.rows.contains { $0.contains(true) }, "'\(character)' has no ink")
        }
    }

    func testCapitalsAndDigitsAreNinePixelsTall() {
        for character in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZbdhkl" {
            let rows = BitmapFont.standard.glyph(for: character).rows
            let inked = rows.indices.filter { rows[$0].contains(true) }
            XCTAssertEqual(inked.first, 0, "'\(character)' should start at the cap line")
            XCTAssertEqual(inked.last, 8, "'\(character)' should end on the baseline")
        }
        for character in "gjpqy" {
            let rows = BitmapFont.standard.glyph(for: character).rows
            XCTAssertTrue(rows[10].contains(true), "'\(character)' needs a descender")
        }
    }

    func testDigitsShareOneWidth() {
        XCTAssertEqual(Set("0123456789".map { BitmapFont.standard.glyph(for: $0).width }), [5])
    }

    func testMeasure() {
        let font = BitmapFont.standard
        XCTAssertEqual(font.measure("10").width, 11)
        XCTAssertEqual(font.measure("10").height, 12)
        XCTAssertEqual(font.measure("10", scale: 2).width, 22)
        XCTAssertEqual(font.measure("a b").width, 5 + 1 + 3 + 1 + 5)
        XCTAssertEqual(font.measure("").width, 0)
    }

    func testTextIsCrispAtOneAndTwoTimes() {
        for scale in [1, 2] {
            var canvas = Canvas(width: 240, height: 60)
            canvas.drawText("Loss 0.0123 (MSE)", x: 2, y: 2, scale: scale, color: .black)
            canvas.drawText("Bold title", x: 2, y: 2 + 14 * scale, scale: scale, bold: true, color: .black)
            let values = Set(canvas.pixels)
            XCTAssertEqual(values, [0, 255], "scale \(scale): only ink and paper, no blur")
        }
    }

    func testBoldStrikesTwiceOffsetToTheRight() {
        var plain = Canvas(width: 20, height: 30), bold = Canvas(width: 20, height: 30)
        plain.drawText("I", x: 0, y: 0, scale: 2, color: .black)
        bold.drawText("I", x: 0, y: 0, scale: 2, bold: true, color: .black)
        // "I" at 2x: the stem is columns 2–3; bold adds column 4.
        XCTAssertEqual((0..<8).map { plain.pixel(x: $0, y: 8) == .black }, [false, false, true, true, false, false, false, false])
        XCTAssertEqual((0..<8).map { bold.pixel(x: $0, y: 8) == .black }, [false, false, true, true, true, false, false, false])
    }

    func testRotatedTextIsTheTransposedImage() {
        let text = "Ag1"
        let size = BitmapFont.standard.measure(text)
        var flat = Canvas(width: size.width, height: size.height)
        flat.drawText(text, x: 0, y: 0, color: .black)
        var turned = Canvas(width: size.height, height: size.width)
        turned.drawTextRotated(text, x: 0, y: 0, color: .black)
        for y in 0..<size.height {
            for x in 0..<size.width {
                // Counter-clockwise: (x, y) goes to (y, width − 1 − x).
                XCTAssertEqual(flat.pixel(x: x, y: y), turned.pixel(x: y, y: size.width - 1 - x), "at (\(x), \(y))")
            }
        }
    }

    func testUnknownCharacterDrawsTheReplacementBox() {
        XCTAssertEqual(BitmapFont.standard.glyph(for: "€"), BitmapFont.replacement)
        XCTAssertEqual(BitmapFont.standard.glyph(for: " ").width, BitmapFont.spaceWidth)
    }

    func testMalformedSheetsAreRejected() {
        XCTAssertThrowsError(try BitmapFont(sheet: "A\n#.#\n"))
        let twelve = Array(repeating: "#", count: 12)
        XCTAssertThrowsError(try BitmapFont(sheet: (["AB"] + twelve).joined(separator: "\n")))
        XCTAssertThrowsError(try BitmapFont(sheet: (["A"] + twelve.map { _ in "#x" }).joined(separator: "\n")))
        XCTAssertNoThrow(try BitmapFont(sheet: (["A"] + twelve).joined(separator: "\n")))
    }
}
