import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

final class ProseRendererTests: XCTestCase {
    func testPlainRendering() {
        let markdown = """
        # Predict a sine wave

        The model reads **80 steps** of the wave and predicts the *next* one; its size is
        `N_HIDDEN` (see [Keras](https://keras.io/api/layers/recurrent_layers/lstm/)).
        Names like N_HIDDEN and snake_case_words keep their underscores.

        ## What you need
        - a terminal
        - patience: training
          takes a while
        1. run the cells
        2) look at the plot

        > The seed ran Keras 2 in 2018.

        ```python
        model.add(LSTM(300))
        ```
        ---
        """
        let expected = """
        Predict a sine wave
        ===================

        The model reads 80 steps of the wave and predicts the next one; its size is
        `N_HIDDEN` (see Keras (https://keras.io/api/layers/recurrent_layers/lstm/)).
        Names like N_HIDDEN and snake_case_words keep their underscores.

        What you need
        -------------

        - a terminal
        - patience: training takes a while
        1. run the cells
        2. look at the plot

        > The seed ran Keras 2 in 2018.

            model.add(LSTM(300))

        ----------------------------------------
        """
        let rendered = ProseRenderer.render(markdown, style: .plain)
        XCTAssertEqual(rendered, expected, "observed:\n\(rendered)")
    }

    func testHidesHTMLComments() {
        XCTAssertEqual(ProseRenderer.render("before\n\n<!-- note\n```fit\n-->\nafter", style: .plain), "before\n\nafter")
    }

    func testWrapsToWidthWithHangingIndent() {
        let style = TerminalStyle(color: false, width: 24)
        let rendered = ProseRenderer.render("- one two three four five six seven eight\n\nalpha beta gamma delta epsilon zeta", style: style)
        XCTAssertEqual(rendered, """
        - one two three four
          five six seven eight

        alpha beta gamma delta
        epsilon zeta
        """)
        for line in rendered.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 24, String(line)) }
        // A word longer than the width stands alone instead of being cut.
        let long = ProseRenderer.render("a " + String(repeating: "x", count: 30) + " b", style: style)
        XCTAssertEqual(long, "a\n" + String(repeating: "x", count: 30) + "\nb")
    }

    func testColorStyling() {
        let style = TerminalStyle(color: true, width: 80)
        let heading = ProseRenderer.render("# Title", style: style)
        XCTAssertEqual(heading, "\u{1B}[1;4mTitle\u{1B}[0m")
        let text = ProseRenderer.render("a **b** *c* `d` [e](http://f)", style: style)
        XCTAssertEqual(text, "a \u{1B}[1mb\u{1B}[0m \u{1B}[3mc\u{1B}[0m \u{1B}[36md\u{1B}[0m e \u{1B}[4m(http://f)\u{1B}[0m")
        // Styling never counts toward the width.
        let narrow = TerminalStyle(color: true, width: 20)
        let wrapped = ProseRenderer.render("**bold words** that wrap after twenty columns", style: narrow)
        for line in wrapped.split(separator: "\n") {
            XCTAssertLessThanOrEqual(ProseRenderer.stripANSI(String(line)).count, 20, String(line))
        }
        XCTAssertEqual(ProseRenderer.stripANSI(wrapped), "bold words that wrap\nafter twenty columns")
    }

    func testInlineEdgeCases() {
        let cases: [(String, String)] = [
            ("a * b * c", "a * b * c"),               // spaced stars are not emphasis
            ("2*3", "2*3"),
            ("unclosed **bold", "unclosed **bold"),
            ("\\*literal\\*", "*literal*"),
            ("``a ` b``", "`a ` b`"),                  // double-backtick span holds a backtick
            ("<https://example.org>", "https://example.org"),
            ("[https://x.org](https://x.org)", "https://x.org"),
            ("_em_ and x_y_z", "em and x_y_z"),
        ]
        for (markdown, expected) in cases {
            XCTAssertEqual(ProseRenderer.render(markdown, style: .plain), expected, markdown)
        }
    }

    func testTablesAreAligned() {
        let markdown = """
        Seeds:
        | seed | best epoch | RMSE |
        | --- | :---: | ---: |
        | 1 | 46 | 0.281 |
        | 12 | 4 | `0.5` \\| 1 |
        | 3 |
        after
        """
        XCTAssertEqual(ProseRenderer.render(markdown, style: .plain), """
        Seeds:

        seed | best epoch |      RMSE
        -----+------------+----------
        1    |     46     |     0.281
        12   |     4      | `0.5` | 1
        3    |            |

        after
        """)
        let coloured = ProseRenderer.render(markdown, style: TerminalStyle(color: true, width: 80))
        XCTAssertTrue(coloured.contains("\u{1B}[1mseed\u{1B}[0m\u{1B}[2m │ \u{1B}[0m"), coloured)
        XCTAssertTrue(ProseRenderer.stripANSI(coloured).contains("─────┼────────────┼────────"), coloured)
    }

    func testTablesTooWideWrapTheirCellsOrBecomeRecords() {
        let markdown = """
        | run | result | notes |
        | --- | --- | --- |
        | faithful | 0.114 | the forecast drifts away after a hundred steps |
        """
        let wrapped = ProseRenderer.render(markdown, style: TerminalStyle(color: false, width: 40))
        XCTAssertEqual(wrapped, """
        run      | result | notes
        ---------+--------+---------------------
        faithful | 0.114  | the forecast drifts
                 |        | away after a hundred
                 |        | steps
        """)
        for line in wrapped.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 40, String(line)) }
        // Too narrow for its words side by side: one `header: value` line per cell.
        XCTAssertEqual(ProseRenderer.render(markdown, style: TerminalStyle(color: false, width: 20)), """
        run: faithful
        result: 0.114
        notes: the
          forecast drifts
          away after a
          hundred steps
        """)
    }

    func testImagesShowTheirDescriptionAndPath() {
        XCTAssertEqual(ProseRenderer.render("![Forecast of a *full* run](figures/prediction.png)", style: .plain),
                       "[image: Forecast of a full run, figures/prediction.png]")
        XCTAssertEqual(ProseRenderer.render("See ![](a.png).", style: .plain), "See [image: a.png].")
        XCTAssertEqual(ProseRenderer.render("![x](a.png)", style: TerminalStyle(color: true, width: 80)),
                       "\u{1B}[4m[image:\u{1B}[0m \u{1B}[4mx,\u{1B}[0m \u{1B}[4ma.png]\u{1B}[0m")
    }

    func testTerminalStyleHonoursNoColor() {
        // Under `swift test` stdout is not a terminal, so styling is off either way;
        // NO_COLOR must also switch it off and COLUMNS sets the width.
        let style = TerminalStyle.standardOutput(environment: ["NO_COLOR": "1", "COLUMNS": "100"])
        XCTAssertFalse(style.color)
        XCTAssertEqual(style.width, 100)
    }

    func testCellListingUsesFileLineNumbers() throws {
        let text = (1...8).map { "line \($0)" }.joined(separator: "\n") + "\n  ```fit {name=a}\n  fit(epochs: 3,\n      batch_size: 8)\n  ```\n"
        let lesson = try LessonParser.parse(text, path: "x.md")
        let cell = try XCTUnwrap(lesson.cells.first)
        XCTAssertEqual(CellListing.render(cell, in: lesson, style: .plain), """
         9 |   ```fit {name=a}
        10 |   fit(epochs: 3,
        11 |       batch_size: 8)
        12 |   ```
        """)
        let colored = CellListing.render(cell, in: lesson, style: TerminalStyle(color: true, width: 80))
        XCTAssertTrue(colored.contains("\u{1B}[2m 9 │\u{1B}[0m "), colored)
    }
}
