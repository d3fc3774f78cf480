import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// Choosing how to draw: the terminal's answers, the environment, the flag.
final class TerminalImageDetectionTests: XCTestCase {
    func testAnswersOfAKittyLikeTerminal() {
        let answers = TerminalAnswers(Array("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;22c".utf8))
        XCTAssertTrue(answers.kittyGraphics)
        XCTAssertFalse(answers.sixel)
        XCTAssertEqual(answers.deviceAttributes, [62, 22])
        XCTAssertEqual(answers.cellPixels, PixelSize(width: 10, height: 20))
    }

    func testAnswersOfASixelTerminal() {
        let answers = TerminalAnswers(Array("\u{1B}[?1;0;256S\u{1B}[?2;0;1000;800S\u{1B}[?63;1;2;4;6;9c".utf8))
        XCTAssertFalse(answers.kittyGraphics)
        XCTAssertTrue(answers.sixel)
        XCTAssertEqual(answers.colorRegisters, 256)
        XCTAssertEqual(answers.sixelMaximum, PixelSize(width: 1000, height: 800))
    }

    func testFailedOrPartialAnswersSayNothing() {
        let answers = TerminalAnswers(Array("\u{1B}[?2;3;0S\u{1B}_Gi=31;ENOENT:bad\u{1B}\\\u{1B}[6;0;0t\u{1B}[?6".utf8))
        XCTAssertEqual(answers, TerminalAnswers([]))
        XCTAssertFalse(TerminalAnswers.endsWithDeviceAttributes(Array("\u{1B}[?6".utf8)))
        XCTAssertTrue(TerminalAnswers.endsWithDeviceAttributes(Array("x\u{1B}[?6c".utf8)))
    }

    func testAnswersWinAndTheEnvironmentFillsIn() {
        let kitty = TerminalAnswers(Array("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[?62c".utf8))
        let sixel = TerminalAnswers(Array("\u{1B}[?62;4c".utf8))
        let neither = TerminalAnswers(Array("\u{1B}[?62;22c".utf8))
        XCTAssertEqual(GraphicsDetection.choose(environment: [:], answers: kitty), .kitty)
        XCTAssertEqual(GraphicsDetection.choose(environment: [:], answers: sixel), .sixel)
        XCTAssertEqual(GraphicsDetection.choose(environment: ["TERM_PROGRAM": "vscode"], answers: sixel), .iterm)
        XCTAssertEqual(GraphicsDetection.choose(environment: ["TERM_PROGRAM": "iTerm.app"], answers: neither), .iterm)
        XCTAssertEqual(GraphicsDetection.choose(environment: ["TERM_PROGRAM": "WezTerm"], answers: kitty), .iterm)
        XCTAssertNil(GraphicsDetection.choose(environment: ["KITTY_WINDOW_ID": "1"], answers: neither), "it answered: no")
        XCTAssertEqual(GraphicsDetection.choose(environment: ["KITTY_WINDOW_ID": "1"], answers: nil), .kitty)
        XCTAssertEqual(GraphicsDetection.choose(environment: ["TERM": "xterm-ghostty"], answers: nil), .kitty)
        XCTAssertEqual(GraphicsDetection.choose(environment: ["TERM": "foot"], answers: nil), .sixel)
        XCTAssertEqual(GraphicsDetection.choose(environment: ["WT_SESSION": "x"], answers: TerminalAnswers([])), .sixel)
        XCTAssertNil(GraphicsDetection.choose(environment: ["TERM": "xterm-256color"], answers: nil))
    }

    func testTheFlagWinsOverTheEnvironmentVariable() {
        XCTAssertEqual(ImageMode.chosen(flag: .off, environment: ["LESSON_IMAGES": "kitty"]).mode, .off)
        XCTAssertEqual(ImageMode.chosen(flag: nil, environment: ["LESSON_IMAGES": "Sixel"]).mode, .sixel)
        XCTAssertEqual(ImageMode.chosen(flag: nil, environment: [:]).mode, .auto)
        let unknown = ImageMode.chosen(flag: nil, environment: ["LESSON_IMAGES": "png"])
        XCTAssertEqual(unknown.mode, .auto)
        XCTAssertEqual(unknown.warning, "LESSON_IMAGES=png is not one of auto|kitty|iterm|sixel|braille|none: using auto")
    }

    func testLayoutFillsTheWidthKeepsTheAspectAndStaysWithinTheLimits() {
        let cell = PixelSize(width: 10, height: 20)
        func size(_ layout: ImageLayout) -> [Int] { [layout.columns, layout.rows, layout.pixelWidth, layout.pixelHeight] }
        XCTAssertEqual(size(ImageLayout(imageWidth: 1200, imageHeight: 600, cell: cell, maxColumns: 100, maxRows: 30)),
                       [100, 25, 1000, 500])
        XCTAssertEqual(size(ImageLayout(imageWidth: 1200, imageHeight: 600, cell: cell, maxColumns: 100, maxRows: 10)),
                       [40, 10, 400, 200])
        XCTAssertEqual(size(ImageLayout(imageWidth: 1200, imageHeight: 600, cell: cell, maxColumns: 100, maxRows: 30,
                                   maxPixels: PixelSize(width: 800, height: 1000))),
                       [80, 20, 800, 400])
        XCTAssertEqual(size(ImageLayout(imageWidth: 45, imageHeight: 30, cell: cell, maxColumns: 100, maxRows: 30)),
                       [5, 2, 45, 30], "not enlarged")
    }
}
