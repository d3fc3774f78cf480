import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// The cell language's values stay within `ValueLimits`: a result past a limit is a
/// lesson error at its expression, found before the value is built. The gigabyte
/// cases run with the limits scaled down; the doubling string runs with the real ones
/// (it stops at 2 MiB).
final class ValueLimitsTests: XCTestCase {
    /// `S0 = "a"` then `S1 = S0 + S0` ... `S40 = S39 + S39` (or the same with `L` and lists).
    private func doubling(_ name: String, _ first: String, lines: Int = 41) -> String {
        let body = ["\(name)0 = \(first)"] + (1..<lines).map { "\(name)\($0) = \(name)\($0 - 1) + \(name)\($0 - 1)" }
        return lessonText("constants", body.joined(separator: "\n"))
    }

    private func error(_ text: String, limits: ValueLimits, performer: StepPerformer = RecordingPerformer(),
                       file: StaticString = #filePath, line: UInt = #line) -> LessonError? {
        lessonError(text, performer: performer, limits: limits, file: file, line: line)
    }

    private func run(_ text: String, limits: ValueLimits) throws {
        try runLesson(text, limits: limits)
    }

    private let roomy = ValueLimits(stringBytes: 1 << 20, listItems: 10_000_000, nesting: 100, lessonBytes: 1 << 30)

    func testTheDoublingStringStopsAtTheStringLimitWithTheRealLimits() throws {
        let failure = error(doubling("S", "\"a\""), limits: .standard)
        // S20 is 1 MiB, the largest string allowed; S21 would be 2 MiB. Body line 22 is file line 25.
        XCTAssertEqual(failure?.message, "S21 = S20 + S20 makes a string of 2 MiB; a string of the cell language holds at most "
                       + "1 MiB (keep large data in a CSV file and read it with series(csv:))")
        XCTAssertEqual(failure?.line, 25)
        XCTAssertEqual(failure?.column, 7)
        XCTAssertEqual(failure?.exitCode, 65)
    }

    func testTheDoublingListStopsAtTheListLimit() throws {
        var limits = roomy
        limits.listItems = 1000
        let failure = error(doubling("L", "[1]"), limits: limits)
        // L9 holds 512 items; L10 would hold 1,024.
        XCTAssertEqual(failure?.message, "L10 = L9 + L9 makes a list of 1,024 items; a list or tuple of the cell language "
                       + "holds at most 1,000 (keep large data in a CSV file and read it with series(csv:))")
        XCTAssertEqual(failure?.line, 14)
        XCTAssertEqual(failure?.column, 7)
    }

    /// The whole lesson's values are counted, each list by what it holds: the limit
    /// is passed at the first Lk whose bytes, added to those of L0 ... Lk-1, exceed it.
    func testTheLessonLimitCountsEveryBoundValue() throws {
        var limits = roomy
        limits.lessonBytes = 64 << 10
        let slot = ValueSize.slot
        var total = 0, k = 0
        while true {
            total += slot * (1 + (1 << k))   // Lk: one slot, and 2^k items of one slot each
            if total > limits.lessonBytes { break }
            k += 1
        }
        let failure = error(doubling("L", "[1]"), limits: limits)
        XCTAssertEqual(failure?.message, "L\(k) = L\(k - 1) + L\(k - 1) would bring the values the lesson holds past 64 KiB, "
                       + "the most the cell language holds for a lesson (keep large data in a CSV file and read it with series(csv:))")
        XCTAssertEqual(failure?.line, 4 + k)
        // A name bound again gives back what it held: the same line five times fits.
        // L: 9 slots; A: 33, with temporaries of 17 and 25 on the way, at most 100 at
        // once; were A's old value kept, its second binding would bring 9 + 2·33 + 25 + 33.
        let again = lessonText("constants", "L = [1, 2, 3, 4, 5, 6, 7, 8]\n" + String(repeating: "A = L + L + L + L\n", count: 5))
        limits.lessonBytes = slot * 105
        XCTAssertNoThrow(try run(again, limits: limits))
    }

    /// Temporaries count while the statement holds them: each `A + A` alone fits, but
    /// the third one is refused while the list holds the first two, before it is built.
    func testTemporariesCountWhileTheStatementHoldsThem() throws {
        var limits = roomy
        let slot = ValueSize.slot
        limits.lessonBytes = slot * 70
        // A: 11 slots, bound. Each A + A: 21 slots; the third would bring 11 + 2·21 + 21 = 74.
        let text = lessonText("constants", "A = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nX = [A + A, A + A, A + A, A + A]")
        let failure = error(text, limits: limits)
        XCTAssertEqual(failure?.message, "A + A would bring the values the lesson holds past \(ByteCount.binary(slot * 70)), "
                       + "the most the cell language holds for a lesson (keep large data in a CSV file and read it with series(csv:))")
        XCTAssertEqual(failure?.line, 5)
        XCTAssertEqual(failure?.column, 20)
        // The same sums one at a time, each bound in place of the last, fit.
        XCTAssertNoThrow(try run(lessonText("constants", "A = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
                                            + String(repeating: "X = A + A\n", count: 4)), limits: limits))
    }

    /// A list holding the same list twice counts it twice (printing, keying and keeping
    /// it write it twice), and measuring stops at the limit: `L40` stands for 2^40
    /// lists, which a full walk would take days to count.
    func testSharedListsCountByWhatTheyHoldAndAreNotWalkedPastTheLimit() throws {
        var limits = roomy
        limits.lessonBytes = 1 << 20
        let body = ["L0 = []"] + (1...40).map { "L\($0) = [L\($0 - 1), L\($0 - 1)]" }
        let failure = error(lessonText("constants", body.joined(separator: "\n")), limits: limits)
        XCTAssertTrue(failure?.message.contains("would bring the values the lesson holds past 1 MiB") ?? false,
                      failure?.message ?? "")
        var shared = Value.list([])
        for _ in 0..<40 { shared = .list([shared, shared]) }
        let started = Date()
        XCTAssertGreaterThan(ValueSize.of(shared, upTo: 1 << 20).bytes, 1 << 20)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(ValueSize.of(.list([.int(1), .int(2)]), upTo: .max), ValueSize(bytes: 3 * ValueSize.slot, nesting: 1))
        let inner = Value.list([.string("abc")])
        XCTAssertEqual(ValueSize.of(.list([inner, inner]), upTo: .max), ValueSize(bytes: 5 * ValueSize.slot + 6, nesting: 2))
    }

    /// A hundred thousand lines of `Lk = [Lk-1]` overflowed the stack of the walks over
    /// the value (a segmentation fault); the nesting limit stops it at its line.
    func testNestingStopsAtTheNestingLimit() throws {
        var limits = roomy
        limits.nesting = 5
        let body = ["L0 = [1]"] + (1...8).map { "L\($0) = [L\($0 - 1)]" }
        let failure = error(lessonText("constants", body.joined(separator: "\n")), limits: limits)
        XCTAssertEqual(failure?.message, "L5 = [L4] nests lists 6 deep; lists and tuples of the cell language nest at most 5 deep")
        XCTAssertEqual(failure?.line, 9)
    }

    func testAStringLiteralIsHeldToTheStringLimit() throws {
        var limits = roomy
        limits.stringBytes = 8
        let failure = error(lessonText("constants", "S = \"12345678\"\nT = \"123456789\""), limits: limits)
        XCTAssertEqual(failure?.message, "this string is 9 bytes; a string of the cell language holds at most 8 bytes "
                       + "(keep large data in a CSV file and read it with series(csv:))")
        XCTAssertEqual(failure?.line, 5)
        XCTAssertEqual(failure?.column, 5)
    }

    /// Values steps bind keep their own limits; a cell's expression built on them is counted.
    func testValuesStepsBindAreNotCountedButWhatCellsBuildOnThemIs() throws {
        var limits = roomy
        limits.listItems = 100
        limits.lessonBytes = ValueSize.slot * 50
        let performer = RecordingPerformer()
        performer.bindings["forecast"] = ["predictions": .list(Array(repeating: .double(0.5), count: 150))]
        let text = "# T\n\n```validate\nforecast(steps: 150)\nN = max(predictions)\nP = predictions + [1]\n```\n"
        let failure = error(text, limits: limits, performer: performer)
        XCTAssertEqual(failure?.message, "P = predictions + [1] makes a list of 151 items; a list or tuple of the cell language "
                       + "holds at most 100 (keep large data in a CSV file and read it with series(csv:))")
        XCTAssertEqual(failure?.line, 6)
    }

    /// `lesson check` (and so `list`, bare `lesson` and `run`, which start with it)
    /// stops at the same line.
    func testTheCheckerAppliesTheLimits() throws {
        var limits = roomy
        limits.listItems = 1000
        let lesson = try LessonParser.parse(doubling("L", "[1]"), path: "Lessons/test.md")
        XCTAssertThrowsError(try LessonChecker.check(lesson, limits: limits)) { error in
            XCTAssertEqual((error as? LessonError)?.line, 14)
            XCTAssertEqual((error as? LessonError)?.exitCode, 65)
        }
        XCTAssertThrowsError(try LessonChecker.check(try LessonParser.parse(doubling("S", "\"a\""), path: "Lessons/s.md"))) { error in
            XCTAssertEqual((error as? LessonError)?.line, 25)
        }
    }

    /// Messages quote at most 60 characters of a value: a megabyte string once filled the terminal.
    func testMessagesQuoteValuesCutShort() throws {
        let body = ["S0 = \"xxxxxxxxxx\""] + (1...16).map { "S\($0) = S\($0 - 1) + S\($0 - 1)" } + ["T = S16 - 1"]
        let failure = lessonError(lessonText("constants", body.joined(separator: "\n")))
        XCTAssertEqual(failure?.message, "'-' cannot combine a string \"" + String(repeating: "x", count: 59)
                       + "... and an integer 1")
        XCTAssertEqual(ValueFormatter.excerpt(.list((1...100).map { .int($0) }), limit: 12), "[1, 2, 3, 4,...")
        XCTAssertEqual(ValueFormatter.excerpt(.tuple([.int(1)])), "(1,)")
        XCTAssertEqual(ValueFormatter.excerpt(text: "abc", limit: 3), "abc")
        XCTAssertEqual(ValueFormatter.excerpt(text: "abcd", limit: 3), "abc...")
        // A value on the command line is cut short in its message too.
        XCTAssertThrowsError(try Override.parse("S=\"" + String(repeating: "y", count: 100_000) + "\"")) { error in
            let message = (error as? LessonError)?.message ?? ""
            XCTAssertEqual((error as? LessonError)?.exitCode, 64)
            XCTAssertTrue(message.hasPrefix("--set S=\"" + String(repeating: "y", count: 57) + "...: "), message)
            XCTAssertLessThan(message.count, 200, message)
        }
    }

    func testSizesReadAsWords() {
        XCTAssertEqual(ByteCount.grouped(8_000_000_000), "8,000,000,000")
        XCTAssertEqual(ByteCount.grouped(999), "999")
        XCTAssertEqual(ByteCount.binary(2 << 20), "2 MiB")
        XCTAssertEqual(ByteCount.binary(1_572_864), "1.5 MiB (1,572,864 bytes)")
        XCTAssertEqual(ByteCount.binary(1_048_577), "1.0 MiB (1,048,577 bytes)")
        XCTAssertEqual(ByteCount.binary(1), "1 byte")
        XCTAssertEqual(ByteCount.decimal(200_000_000), "200 MB")
        XCTAssertEqual(ByteCount.decimal(3_221_225_472), "3.2 GB (3,221,225,472 bytes)")
    }
}
