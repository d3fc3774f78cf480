import XCTest
@testable import LessonLanguage

final class LessonParserTests: XCTestCase {
    func testTitleSlugAndBlocks() throws {
        let text = """
        Intro line before the title.

        # Predict a sine wave

        Some prose.

        ```setup
        seed = 0
        ```

        More prose.
        ```python
        model.fit(x, y)
        ```

        ```fit {name=long-run}
        fit(epochs: 3)
        ```
        """
        let lesson = try XCTUnwrap(parseLesson(text, path: "Lessons/01-sine-wave.md"))
        XCTAssertEqual(lesson.title, "Predict a sine wave")
        XCTAssertEqual(lesson.slug, "01-sine-wave")
        XCTAssertEqual(lesson.cells.count, 2)
        guard lesson.blocks.count == 4, case .prose(let first, let firstLine) = lesson.blocks[0],
              case .prose(let middle, let middleLine) = lesson.blocks[2] else {
            return XCTFail("blocks: \(lesson.blocks)")
        }
        XCTAssertEqual(firstLine, 1)
        XCTAssertTrue(first.hasPrefix("Intro line"))
        XCTAssertEqual(middleLine, 10)
        XCTAssertTrue(middle.contains("```python\nmodel.fit(x, y)\n```"), "a python fence stays prose: \(middle)")
        let setup = lesson.cells[0]
        XCTAssertEqual(setup.index, 1)
        XCTAssertEqual(setup.kind, .setup)
        XCTAssertEqual(setup.fenceLine, 7)
        XCTAssertEqual(setup.closingLine, 9)
        XCTAssertEqual(setup.firstBodyLine, 8)
        XCTAssertEqual(setup.body, "seed = 0")
        let fit = lesson.cells[1]
        XCTAssertEqual(fit.index, 2)
        XCTAssertEqual(fit.name, "long-run")
        XCTAssertEqual(fit.fenceLine, 16)
        XCTAssertEqual(fit.lines.first?.fileLine, 17)
    }

    /// Chart titles join the lesson's title and the chart's part with a colon, or with a
    /// dash after a title that ends in its own mark ("wave?: loss" reads badly).
    func testChartTitlesAfterAQuestion() throws {
        let plain = try XCTUnwrap(parseLesson("# Predict a sine wave\n", path: "Lessons/a.md"))
        XCTAssertEqual(plain.chartTitle("loss"), "Predict a sine wave: loss")
        let question = try XCTUnwrap(parseLesson("# Which cell carries the wave?\n", path: "Lessons/b.md"))
        XCTAssertEqual(question.chartTitle("forecasts"), "Which cell carries the wave? — forecasts")
    }

    func testTildeFencesAndLongerFences() throws {
        let text = """
        ~~~~model
        dense(units: 1)
        ```
        ~~~
        ~~~~~
        ````data
        windows(length: 3)
        ```
        ````
        """
        let lesson = try XCTUnwrap(parseLesson(text))
        XCTAssertEqual(lesson.cells.count, 2)
        // A backtick line and a shorter tilde line do not close a ~~~~ fence.
        XCTAssertEqual(lesson.cells[0].body, "dense(units: 1)\n```\n~~~")
        XCTAssertEqual(lesson.cells[0].closingLine, 5)
        // A shorter backtick line does not close a ```` fence.
        XCTAssertEqual(lesson.cells[1].body, "windows(length: 3)\n```")
    }

    func testIndentedFenceStripsIndentationAndMapsColumns() throws {
        let text = "   ```constants\n   A = 1\n     B = 2\n C = 3\n  ```  \n"
        let lesson = try XCTUnwrap(parseLesson(text))
        let cell = try XCTUnwrap(lesson.cells.first)
        XCTAssertEqual(cell.body, "A = 1\n  B = 2\nC = 3")
        XCTAssertEqual(cell.lines.map(\.removedIndentation), [3, 3, 1])
        XCTAssertEqual(cell.fileLocation(line: 2, column: 3).line, 3)
        XCTAssertEqual(cell.fileLocation(line: 2, column: 3).column, 6)
    }

    func testFourSpacesOrBlockQuoteIsNotAFence() throws {
        let text = "    ```fit\n    fit()\n    ```\n> ```fit\n> fit()\n> ```\n"
        let lesson = try XCTUnwrap(parseLesson(text))
        XCTAssertEqual(lesson.cells.count, 0)
    }

    func testBacktickInInfoStringIsNotAFence() throws {
        let text = "```fit `x`\nfit()\n```model\n"
        // The first line is not a fence; "```model" opens a cell that is never closed.
        XCTAssertThrowsError(try LessonParser.parse(text, path: "x.md")) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 3)
        }
        // Tilde fences may have backticks in their info string.
        let lesson = try XCTUnwrap(parseLesson("~~~text `x`\nfit()\n~~~\n"))
        XCTAssertEqual(lesson.cells.count, 0)
    }

    func testOtherFencesAreProseEvenWhenTheyContainCellFences() throws {
        let text = "````markdown\n```fit\nfit()\n```\n````\n"
        let lesson = try XCTUnwrap(parseLesson(text))
        XCTAssertEqual(lesson.cells.count, 0)
        XCTAssertEqual(lesson.blocks.count, 1)
    }

    func testUnclosedCellIsAnErrorAtItsFence() {
        let text = "# T\n\n```model\ndense(units: 1)\n"
        XCTAssertThrowsError(try LessonParser.parse(text, path: "Lessons/x.md")) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 3)
            XCTAssertEqual(e.column, 1)
            XCTAssertEqual(e.message, "the model cell opened here is never closed; end it with a line of ```")
            XCTAssertEqual(e.rendered(), """
            error: Lessons/x.md:3:1: the model cell opened here is never closed; end it with a line of ```
            ```model
            ^
            """)
        }
    }

    func testCellFenceInsideACellIsAForgottenClose() {
        let text = "```fit\nfit()\n\n```model\ndense(units: 1)\n```\n"
        XCTAssertThrowsError(try LessonParser.parse(text, path: "x.md")) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "the fit cell opened here is not closed before the model cell at line 4; add a line of ``` before it")
            XCTAssertEqual(e.line, 1)
        }
        // A fence of the other character is body text (running it is then a language error).
        let lesson = parseLesson("~~~fit\n```model\n~~~\n")
        XCTAssertEqual(lesson?.cells.first?.body, "```model")
    }

    func testUnclosedProseFenceRunsToTheEnd() throws {
        let lesson = try XCTUnwrap(parseLesson("```python\nprint(1)\n"))
        XCTAssertEqual(lesson.cells.count, 0)
    }

    func testMisspeltStepKindIsAnErrorButLanguagesAreProse() throws {
        XCTAssertThrowsError(try LessonParser.parse("```fitt\nfit()\n```\n", path: "x.md")) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "unknown step kind 'fitt' (did you mean 'fit'?)")
            XCTAssertEqual(e.line, 1)
            XCTAssertEqual(e.column, 4)
        }
        XCTAssertThrowsError(try LessonParser.parse("```  modle\n```\n", path: "x.md")) { error in
            XCTAssertEqual((error as? LessonError)?.column, 6)
        }
        for language in ["text", "python", "dart", "bat", "", "json", "console", "sh"] {
            let lesson = try XCTUnwrap(parseLesson("```\(language)\nx\n```\n"))
            XCTAssertEqual(lesson.cells.count, 0, language)
        }
    }

    func testAttributes() throws {
        let lesson = try XCTUnwrap(parseLesson("```fit {name=\"long run\"}\nfit()\n```\n```fit{ name=short , }\nfit()\n```\n"))
        XCTAssertEqual(lesson.cells.map(\.name), ["long run", "short"])
        let cases: [(String, String, Int)] = [
            ("```fit {nmae=x}", "unknown cell attribute 'nmae' (did you mean 'name'?)", 9),
            ("```fit {color=red}", "unknown cell attribute 'color'; cells accept: name", 9),
            ("```fit {name=a name=b}", "the attribute 'name' is given twice", 16),
            ("```fit {name=12}", "a cell name cannot be a number ('12' would be read as a cell index)", 9),
            ("```fit {name}", "expected key=value in the cell's attributes, as in {name=long-run}", 13),
            ("```fit fast", "unexpected 'fast' after the step kind fit; attributes go in braces: {name=long-run}", 8),
            ("```fit {name=a} more", "unexpected text after the attributes' closing brace", 8),
        ]
        for (fence, message, column) in cases {
            XCTAssertThrowsError(try LessonParser.parse(fence + "\nfit()\n```\n", path: "x.md"), fence) { error in
                guard let e = error as? LessonError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.message, message, fence)
                XCTAssertEqual(e.column, column, fence)
            }
        }
    }

    func testDuplicateNames() {
        let text = "```fit {name=a}\nfit()\n```\n```fit {name=a}\nfit()\n```\n"
        XCTAssertThrowsError(try LessonParser.parse(text, path: "x.md")) { error in
            guard let e = error as? LessonError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "two cells are named 'a' (the first is cell 1); cell names must be unique")
            XCTAssertEqual(e.line, 4)
        }
    }

    func testCRLFAndHeadingWithClosingHashes() throws {
        let lesson = try XCTUnwrap(parseLesson("# Title ##\r\n```setup\r\nseed = 1\r\n```\r\n", path: "a/b/02-mix.lesson.md"))
        XCTAssertEqual(lesson.title, "Title")
        XCTAssertEqual(lesson.slug, "02-mix.lesson")
        XCTAssertEqual(lesson.cells.first?.body, "seed = 1")
    }

    func testAddressing() throws {
        let text = "```setup\n```\n```fit {name=long-run}\n```\n```fit\n```\n```validate {name=check}\n```\n"
        let lesson = try XCTUnwrap(parseLesson(text))
        XCTAssertEqual(try lesson.cell("1").kind, .setup)
        XCTAssertEqual(try lesson.cell("long-run").index, 2)
        XCTAssertEqual(try lesson.cell("setup").index, 1)
        XCTAssertEqual(try lesson.cell("validate").index, 4)
        XCTAssertEqual(try lesson.cell("check").index, 4)
        let failures: [(String, String)] = [
            ("fit", "the lesson has 2 fit cells; choose one by index or name: 2 (fit \"long-run\"), 3 (fit)"),
            ("9", "there is no cell 9; cells are numbered 1 to 4"),
            ("model", "the lesson has no model cell; its cells are 1 (setup), 2 (fit \"long-run\"), 3 (fit), 4 (validate \"check\")"),
            ("long-rn", "no cell is called 'long-rn' (did you mean 'long-run'?)"),
            ("last", "no cell is called 'last'; choose one of 1 (setup), 2 (fit \"long-run\"), 3 (fit), 4 (validate \"check\")"),
        ]
        for (address, message) in failures {
            XCTAssertThrowsError(try lesson.cell(address), address) { error in
                XCTAssertEqual((error as? LessonError)?.message, message)
            }
        }
    }
}

final class LessonParserCommentTests: XCTestCase {
    func testCellsInsideHTMLCommentsAreProse() throws {
        let text = "<!-- switched off:\n```fit\nfit()\n```\n-->\n```model\ndense(units: 1)\n```\n<!-- one line --> text\n```setup\nseed = 0\n```\n"
        let lesson = try XCTUnwrap(parseLesson(text))
        XCTAssertEqual(lesson.cells.map(\.kind), [.model, .setup])
        XCTAssertEqual(lesson.cells.first?.fenceLine, 6)
        XCTAssertEqual(lesson.cells.last?.fenceLine, 10)
    }
}
