@testable import Plot
import XCTest

/// The text renderer: DejaVu Sans through FreeType, anti-aliased, proportional, kerned,
/// at matplotlib's sizes.
final class TextRasterTests: XCTestCase {
    let label = TextFont.label()

    func testSizesAreMatplotlibsAtOneHundredDPI() throws {
        XCTAssertEqual(TextFont.label().pixelsPerEm, 13.89, accuracy: 0.01)
        XCTAssertEqual(TextFont.title().pixelsPerEm, 16.67, accuracy: 0.01)
        XCTAssertEqual(TextFont.label(scale: 2).pixelsPerEm, 27.78, accuracy: 0.01)
        // DejaVu Sans' capitals are 0.729 em tall: 10.1 px at 13.9 px per em, 20.3 px at twice that.
        XCTAssertEqual(try TextRaster("H", font: label).height, 10, accuracy: 1)
        XCTAssertEqual(try TextRaster("H", font: .label(scale: 2)).height, 20, accuracy: 1)
    }

    func testTextIsAntiAliased() throws {
        let raster = try TextRaster("Training history of 01 small sine", font: .title())
        let levels = Set(raster.coverage)
        XCTAssertGreaterThan(levels.count, 40, "anti-aliased edges have many grey levels, not just ink and paper")
        XCTAssertTrue(levels.contains(255) && levels.contains(0))
    }

    func testLettersHaveTheirOwnWidths() throws {
        XCTAssertLessThan(try TextRaster("iiii", font: label).width * 2, try TextRaster("WWWW", font: label).width)
    }

    func testKerningBringsPairsCloser() throws {
        let face = try FreeTypeFace.dejaVuSans.get()
        let (pair, single) = try face.withFace { face -> (Int, Int) in
            XCTAssertTrue(face.hasKerning, "DejaVu Sans has a kerning table")
            try face.setSize(points: 10, dpi: 100)
            let a = try TextRaster.glyphs("A", face: face).advance
            let v = try TextRaster.glyphs("V", face: face).advance
            return (try TextRaster.glyphs("AV", face: face).advance, a + v)
        }
        XCTAssertLessThan(pair, single - 32, "'AV' is kerned by more than half a pixel: \(pair) against \(single) (1/64 px)")
    }

    func testScaleTwoDoublesTheText() throws {
        for text in ["loss (MSE)", "Training history", "0.0125"] {
            let one = try TextRaster(text, font: label), two = try TextRaster(text, font: .label(scale: 2))
            XCTAssertEqual(Double(two.width), 2 * Double(one.width), accuracy: 3, text)
            XCTAssertEqual(Double(two.ascent + two.descent), 2 * Double(one.ascent + one.descent), accuracy: 2, text)
        }
    }

    func testMinusMicroAndAnUnknownCharacter() throws {
        let face = try FreeTypeFace.dejaVuSans.get()
        face.withFace { face in
            XCTAssertNotEqual(face.glyphIndex("\u{2212}"), 0, "U+2212 minus")
            XCTAssertNotEqual(face.glyphIndex("µ"), 0)
            XCTAssertEqual(face.glyphIndex("\u{E000}"), 0, "a private-use character has no glyph")
        }
        // The missing glyph is the font's empty box, drawn, not skipped.
        XCTAssertGreaterThan(try TextRaster("\u{E000}", font: label).width, 3)
        XCTAssertEqual(try TextRaster("", font: label).width, 0)
    }

    func testLineBoxReachesFromLToP() throws {
        let digits = try TextRaster("0.5", font: label), letters = try TextRaster("lp", font: label)
        XCTAssertEqual(digits.ascent, letters.ascent, "a row of labels shares one line box")
        XCTAssertEqual(digits.descent, letters.descent)
        XCTAssertLessThan(digits.inkTop, digits.ascent, "digits are shorter than 'l'")
    }

    func testPowerRaisesTheExponent() throws {
        let base = try TextRaster("10", font: label)
        let power = try TextRaster.power(base: "10", exponent: "\u{2212}2", font: label)
        XCTAssertGreaterThan(power.inkTop, base.inkTop + 1, "the exponent rises above the base")
        XCTAssertGreaterThan(power.width, base.width + 5)
        XCTAssertEqual(power.descent, base.descent)
    }

    func testRotatedTextIsTheTransposedImage() throws {
        let raster = try TextRaster("Ag1", font: label)
        var flat = Canvas(width: raster.width, height: raster.height)
        flat.draw(raster, x: 0, y: 0, color: .black)
        var turned = Canvas(width: raster.height, height: raster.width)
        turned.drawRotated(raster, x: 0, y: 0, color: .black)
        for y in 0..<raster.height {
            for x in 0..<raster.width {
                // Counter-clockwise: (x, y) goes to (y, width − 1 − x).
                XCTAssertEqual(flat.pixel(x: x, y: y), turned.pixel(x: y, y: raster.width - 1 - x), "at (\(x), \(y))")
            }
        }
    }

    func testAlignmentPlacesTheLineBox() throws {
        let raster = try TextRaster("step", font: label)
        let anchor = Point(x: 100, y: 50)
        let centred = raster.box(anchor: anchor, alignment: .center, baseline: .top)
        XCTAssertEqual(centred.x + centred.width / 2, 100, accuracy: 0.5)
        XCTAssertEqual(centred.y, 50)
        let trailing = raster.box(anchor: anchor, alignment: .trailing, baseline: .bottom)
        XCTAssertEqual(trailing.maxX, 100, accuracy: 0.5)
        XCTAssertEqual(trailing.maxY, 50, accuracy: 0.5)
        let middle = raster.box(anchor: anchor, alignment: .leading, baseline: .capMiddle)
        XCTAssertEqual(middle.y + Double(raster.ascent) / 2, 50, accuracy: 0.5, "the anchor halves the ascent")
    }

    func testSameTextSamePixels() throws {
        let first = try TextRaster("val_loss 0.001234", font: label)
        let second = try TextRaster("val_loss 0.001234", font: label)
        XCTAssertEqual(first.coverage, second.coverage)
    }
}
