import Foundation
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// CSV files and lessons are opened as `ReadableFile` opens them (what they are and
/// how large they are known before a byte is read); CSV files are parsed line by line
/// as they are read, and a cell's key hashes them in chunks to the hash the whole
/// bytes give.
final class ReadingFilesTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "lesson-csv-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The failure reading `path` gives, failing the test when there is none.
    private func failure(_ path: String, columns: [String]? = nil, limit: Int = CSVColumn.maximumBytes,
                         file: StaticString = #filePath, line: UInt = #line) -> CSVColumn.Failure? {
        do {
            _ = try CSVColumn.read(path: path, columns: columns, limit: limit)
            XCTFail("expected a failure", file: file, line: line)
        } catch let failure as CSVColumn.Failure {
            return failure
        } catch {
            XCTFail("expected a CSVColumn.Failure, got \(error)", file: file, line: line)
        }
        return nil
    }

    /// A 3 GB file (sparse: it takes no disk) is refused from its size alone, at once;
    /// reading it first took 3.2 GB of memory. With a scaled-down limit, a small one too.
    func testAFileOverTheLimitIsRefusedBeforeItIsRead() throws {
        let path = folder + "/big.csv"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 3_221_225_472)
        try handle.close()
        let started = Date()
        let refused = failure(path)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        XCTAssertEqual(refused?.message, "\(path) is 3.2 GB (3,221,225,472 bytes), more than the 200 MB a CSV file may have")
        XCTAssertEqual(refused?.isIO, true)
        XCTAssertEqual(CellKey.fileHash(path, limit: CSVColumn.maximumBytes), CellKey.unreadableFile)

        let small = try write("small.csv", "v\n" + String(repeating: "1\n", count: 600))
        XCTAssertEqual(failure(small, limit: 1000)?.message, "\(small) is 1.2 kB (1,202 bytes), more than the 1 kB a CSV file may have")
        XCTAssertEqual(try CSVColumn.read(path: small, columns: nil, limit: 1202).first?.values.count, 600)
    }

    /// What is not a regular file is named by what it is, never "no such file", and a
    /// FIFO without a writer does not hang the read (nor the key, nor `lesson list`).
    func testAFolderAFIFOAndADeviceAreRefusedByWhatTheyAre() throws {
        let pipe = folder + "/pipe.csv"
        XCTAssertEqual(mkfifo(pipe, 0o644), 0)
        let started = Date()
        XCTAssertEqual(failure(pipe)?.message, "\(pipe) is a named pipe (FIFO), not a CSV file")
        XCTAssertEqual(CellKey.fileHash(pipe, limit: .max), CellKey.unreadableFile)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)

        let sub = folder + "/x.csv"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        XCTAssertEqual(failure(sub)?.message, "\(sub) is a folder, not a CSV file")
        XCTAssertEqual(failure("/dev/zero")?.message, "/dev/zero is a device, not a CSV file")
        XCTAssertEqual(failure(folder + "/none.csv")?.message,
                       "cannot read \(folder)/none.csv: no such file (CSV files are read relative to the lesson's folder)")
        XCTAssertEqual(CellKey.fileHash(folder + "/none.csv", limit: .max), CellKey.missingFile)
        XCTAssertEqual(failure(sub + "/inside.csv")?.isIO, true)
    }

    /// A number error quotes 60 characters of the field, not all 44 KB of it.
    func testANumberErrorQuotesTheFieldCutShort() throws {
        let field = String(repeating: "7x", count: 22_000)
        let path = try write("long.csv", "v\n1\n\(field)\n")
        let message = failure(path)?.message ?? ""
        XCTAssertEqual(message, "\(path):3: '\(String(field.prefix(60)))...' in column 'v' is not a number")
        let wide = try write("wide.csv", (0..<1000).map { "column\($0)" }.joined(separator: ",") + "\n" + "1\n")
        let columns = failure(wide, columns: ["level"])?.message ?? ""
        XCTAssertTrue(columns.hasPrefix("\(wide):1: no column 'level'; the columns are column0, column1, "), columns)
        XCTAssertTrue(columns.hasSuffix(", ... (1000 columns)"), columns)
        XCTAssertLessThan(columns.count, 200 + wide.count + 80)
    }

    /// Line ends, blank lines, a byte-order mark and a last line without `\n` read as before.
    func testLinesReadAsTheWholeFileDid() throws {
        let path = try write("mixed.csv", "\u{FEFF}a, b\r\n\r\n1,2\n  3 , \"4\"\r\n\n5,6")
        let table = try CSVColumn.read(path: path, columns: ["b", "a"])
        XCTAssertEqual(table.map(\.column), ["b", "a"])
        XCTAssertEqual(table.map(\.values), [[2, 4, 6], [1, 3, 5]])
        let bad = folder + "/bad.csv"
        try Data([0x76, 0x0A, 0x31, 0x0A, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: bad))
        XCTAssertEqual(failure(bad)?.message, "\(bad):3: the line is not UTF-8 text; save the file as UTF-8")
        XCTAssertEqual(failure(try write("empty.csv", "\n\n"))?.message, "\(folder)/empty.csv is empty; it needs a header row and values")
    }

    /// An ASCII line is cut on its bytes exactly as Foundation cuts the text of any other line.
    func testASCIILinesAreCutAsTextIs() {
        let lines = [" a , \"b\" ,, \" c \" , \"\" ", "\t1\t,2", "\"x\"", ",", " ", "", "\"\"\"q\"\"", "a,\tb\t ,c", " 1e3 ,+2, -0.5 "]
        for line in lines {
            var ranges: [Range<Int>] = []
            let bytes = Array(line.utf8)
            let cut = bytes.withUnsafeBytes { raw -> [String] in
                XCTAssertTrue(CSVColumn.asciiFields(raw, into: &ranges))
                return ranges.map { String(decoding: UnsafeRawBufferPointer(rebasing: raw[$0]), as: UTF8.self) }
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            XCTAssertEqual(cut, trimmed.isEmpty ? [] : CSVColumn.fields(trimmed), "line \(line.debugDescription)")
        }
        var ranges: [Range<Int>] = []
        XCTAssertFalse(Array("é,1".utf8).withUnsafeBytes { CSVColumn.asciiFields($0, into: &ranges) })
        // A no-break space is whitespace to Foundation: such a line takes the text's way.
        let path = try? write("nbsp.csv", "v\n\u{00A0}1\u{00A0}\n2\n")
        XCTAssertEqual(try path.map { try CSVColumn.read(path: $0, columns: nil).first?.values }, [1, 2])
    }

    /// However the bytes fall into chunks, the lines are the same (a `\r\n` split too).
    func testLinesAreTheSameWhereverTheChunksEnd() {
        let text = Array("a,b\r\n1,2\r\n\n33,44\nlast".utf8)
        func lines(cuts: [Int]) -> [String] {
            var splitter = LineSplitter()
            var found: [String] = []
            let record: (Int, UnsafeRawBufferPointer) -> Void = { number, bytes in
                found.append("\(number):" + String(decoding: bytes, as: UTF8.self))
            }
            var start = 0
            for end in cuts + [text.count] {
                text[start..<end].withUnsafeBytes { splitter.split($0, record) }
                start = end
            }
            splitter.finish(record)
            return found
        }
        let whole = lines(cuts: [])
        XCTAssertEqual(whole, ["1:a,b", "2:1,2", "3:", "4:33,44", "5:last"])
        for cut in 0...text.count {
            XCTAssertEqual(lines(cuts: [cut]), whole, "cut at \(cut)")
            XCTAssertEqual(lines(cuts: Array(0...cut)), whole, "one byte a chunk up to \(cut)")
        }
    }

    /// The key hashes a file as it is read, in chunks, to the hash of its bytes added at
    /// once, so results kept before this change stay fresh.
    func testTheKeyHashesAFileInChunksAsItHashedItWhole() throws {
        var bytes = [UInt8](repeating: 0, count: 2 * ReadableFile.chunkBytes + 12_345)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 7) }
        let path = folder + "/data.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var whole = StableHash()
        whole.add(bytes: Data(bytes))
        XCTAssertEqual(CellKey.fileHash(path, limit: .max), whole.hex)
        var pieces = StableHash()
        bytes.withUnsafeBytes { all in
            for start in stride(from: 0, to: all.count, by: 1000) {
                pieces.add(chunk: UnsafeRawBufferPointer(rebasing: all[start..<min(start + 1000, all.count)]))
            }
        }
        pieces.endField()
        XCTAssertEqual(pieces.hex, whole.hex)
        // The FNV-1a of "a" then the field's end, as every key made so far computed it.
        var known = StableHash()
        known.add(bytes: Data("a".utf8))
        XCTAssertEqual(known.hex, StableHash.of(["a"]))
        XCTAssertEqual(CellKey.fileHash(path, limit: bytes.count - 1), CellKey.unreadableFile)
    }

    /// Ctrl-C is seen between chunks: the read stops after the chunk it is in.
    func testAnInterruptStopsTheReadBetweenChunks() throws {
        // One line of spaces longer than a chunk, so the first chunk parses nothing.
        let path = try write("lines.csv", "v\n" + String(repeating: " ", count: 3 * ReadableFile.chunkBytes / 2) + "1\n2\n")
        XCTAssertEqual(try CSVColumn.read(path: path, columns: nil).first?.values, [1, 2])
        var asked = 0
        XCTAssertThrowsError(try CSVColumn.read(path: path, columns: nil, isInterrupted: {
            asked += 1
            return asked > 1
        })) { error in XCTAssertTrue(error is ReadableFile.Interrupted, "\(error)") }
        XCTAssertEqual(asked, 2, "asked before the first chunk and before the second")
    }

    /// A lesson file is opened the same way: named by what it is, refused by its size.
    func testALessonFileIsOpenedTheSameWay() throws {
        let pipe = folder + "/pipe.md"
        XCTAssertEqual(mkfifo(pipe, 0o644), 0)
        func problem(_ path: String) -> String? {
            do {
                _ = try LessonFile.load(path)
                return nil
            } catch let error as LessonError {
                XCTAssertEqual(error.exitCode, 74, path)
                return error.headline
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(problem(pipe), "\(pipe): is a named pipe (FIFO), not a lesson file")
        XCTAssertEqual(problem("/dev/zero"), "/dev/zero: is a device, not a lesson file")
        XCTAssertEqual(problem(folder), "\(folder): is a folder, not a lesson file")
        XCTAssertEqual(problem(folder + "/none.md"), "\(folder)/none.md: cannot read the lesson: no such file")
        let big = folder + "/big.md"
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 3_000_000_000)
        try handle.close()
        XCTAssertEqual(problem(big), "\(big): is 3 GB, larger than 10 MB; a lesson is a Markdown file")
        let marked = try write("marked.md", "\u{FEFF}# Marked\n\n```constants\nA = 1\n```\n")
        XCTAssertEqual(try LessonFile.load(marked).title, "Marked")
    }
}
