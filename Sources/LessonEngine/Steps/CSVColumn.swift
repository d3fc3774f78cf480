import LessonLanguage
import Foundation

/// One numeric column of a CSV file with a header row (`series(csv:, column:)`, or one
/// of `columns:`).
/// Fields are split on commas; surrounding spaces and double quotes are dropped;
/// empty lines are skipped. Errors name the file and line, and quote at most
/// `ValueFormatter.excerptLength` characters of a field.
///
/// The file is opened as `ReadableFile` opens it (its size checked before a byte is
/// read, anything but a regular file refused) and parsed line by line as its chunks
/// arrive, so reading it holds its numbers and at most one line of its text.
struct CSVColumn {
    var column: String
    var values: [Double]

    struct Failure: Error {
        var message: String
        var isIO: Bool
    }

    /// Largest file read: 200 MB, twenty bytes for each of the 10^7 values the longest
    /// series may hold (`Vocabulary.maximumSeries`).
    static let maximumBytes = 200_000_000

    /// The columns named `wanted`, in that order (`series(csv:, columns:)`); nil: the
    /// file's only column. `limit` is the largest file read (tests make it small);
    /// `isInterrupted` is asked between chunks, and when it answers true the read
    /// stops with `ReadableFile.Interrupted`.
    static func read(path: String, columns wanted: [String]?, limit: Int = maximumBytes,
                     isInterrupted: () -> Bool = { false }) throws -> [CSVColumn] {
        var table = Table(path: path, wanted: wanted)
        var lines = LineSplitter()
        var atStart = true
        do {
            let file = try ReadableFile(path, what: "a CSV file", limit: limit)
            try file.forEachChunk(limit: limit, isInterrupted: isInterrupted) { chunk in
                var bytes = chunk
                // A byte-order mark is no part of the header (Foundation dropped it too).
                if atStart, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3)) }
                atStart = false
                try lines.split(bytes) { number, line in try table.add(line, number: number) }
            }
            try lines.finish { number, line in try table.add(line, number: number) }
        } catch let refusal as ReadableFile.Refusal {
            let hint = refusal.isMissing ? " (CSV files are read relative to the lesson's folder)" : ""
            throw Failure(message: refusal.message + hint, isIO: true)
        }
        return try table.columns()
    }

    /// The header and the values read so far.
    private struct Table {
        let path: String
        let wanted: [String]?
        var names: [String]?
        var indices: [Int] = []
        var values: [[Double]] = []
        var rows = 0
        /// Ranges of the current line's fields, kept between lines so a row allocates nothing.
        private var ranges: [Range<Int>] = []

        init(path: String, wanted: [String]?) {
            self.path = path
            self.wanted = wanted
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer, number: Int) throws {
            // Nearly every CSV is ASCII: its fields are cut on the bytes (8 million rows in
            // 2 s instead of 37 s through Foundation); another line is decoded and cut as
            // text, by the same rules.
            if CSVColumn.asciiFields(bytes, into: &ranges) {
                let fields = ranges
                guard !fields.isEmpty else { return }
                let field = { (index: Int) in String(decoding: UnsafeRawBufferPointer(rebasing: bytes[fields[index]]), as: UTF8.self) }
                guard names != nil else { return try readHeader(fields.indices.map(field), number: number) }
                try addRow(count: fields.count, field, number: number)
                return
            }
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw Failure(message: "\(path):\(number): the line is not UTF-8 text; save the file as UTF-8", isIO: false)
            }
            let line = decoded.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { return }
            let row = CSVColumn.fields(line)
            guard names != nil else { return try readHeader(row, number: number) }
            try addRow(count: row.count, { row[$0] }, number: number)
        }

        /// Appends the wanted columns' values of a row of `count` fields.
        private mutating func addRow(count: Int, _ field: (Int) -> String, number: Int) throws {
            guard let names else { return }
            for (c, index) in indices.enumerated() {
                guard index < count else {
                    throw Failure(message: "\(path):\(number): the row has \(count) fields, no '\(quote(names[index]))'",
                                  isIO: false)
                }
                let text = field(index)
                guard let value = Double(text), value.isFinite else {
                    throw Failure(message: "\(path):\(number): '\(quote(text))' in column '\(quote(names[index]))' "
                                  + "is not a number", isIO: false)
                }
                values[c].append(value)
            }
            rows += 1
        }

        private mutating func readHeader(_ names: [String], number: Int) throws {
            if let wanted {
                for name in wanted {
                    guard let found = names.firstIndex(of: name) else {
                        throw Failure(message: "\(path):\(number): no column '\(quote(name))'"
                                      + Suggestion.hint(for: name, among: names, otherwise: "the columns are " + listed(names)),
                                      isIO: false)
                    }
                    indices.append(found)
                }
            } else {
                guard names.count == 1 else {
                    throw Failure(message: "\(path) has columns " + listed(names) + "; choose one with column:", isIO: false)
                }
                indices = [0]
            }
            values = Array(repeating: [], count: indices.count)
            self.names = names
        }

        func columns() throws -> [CSVColumn] {
            guard let names else { throw Failure(message: "\(path) is empty; it needs a header row and values", isIO: false) }
            guard rows > 0 else { throw Failure(message: "\(path) has a header but no values", isIO: false) }
            return indices.enumerated().map { CSVColumn(column: names[$0.element], values: values[$0.offset]) }
        }

        private func quote(_ text: String) -> String { ValueFormatter.excerpt(text: text) }

        /// `a, b, c`, cut short after about 200 characters with how many there are.
        private func listed(_ names: [String]) -> String {
            var text = ""
            for (index, name) in names.enumerated() {
                let next = (index == 0 ? "" : ", ") + quote(name)
                guard text.count + next.count <= 200 else { return text + ", ... (\(names.count) columns)" }
                text += next
            }
            return text
        }
    }

    /// The byte ranges of an ASCII line's fields, cut as `fields(_:)` cuts text (the
    /// line and each field without spaces and tabs at their ends, then a field without
    /// its surrounding double quotes); none for a blank line. False, and `ranges`
    /// untouched, when the line holds a byte outside ASCII.
    static func asciiFields(_ bytes: UnsafeRawBufferPointer, into ranges: inout [Range<Int>]) -> Bool {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
        ranges.removeAll(keepingCapacity: true)
        let line = trimmed(bytes, 0..<bytes.count, dropping: isBlank)
        guard !line.isEmpty else { return true }
        var start = line.lowerBound
        for index in line where bytes[index] == UInt8(ascii: ",") {
            ranges.append(field(bytes, start..<index))
            start = index + 1
        }
        ranges.append(field(bytes, start..<line.upperBound))
        return true
    }

    private static func field(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        trimmed(bytes, trimmed(bytes, range, dropping: isBlank), dropping: { $0 == UInt8(ascii: "\"") })
    }

    /// What `CharacterSet.whitespaces` holds of ASCII: the space and the tab.
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, dropping drop: (UInt8) -> Bool) -> Range<Int> {
        var low = range.lowerBound, high = range.upperBound
        while low < high, drop(bytes[low]) { low += 1 }
        while high > low, drop(bytes[high - 1]) { high -= 1 }
        return low..<high
    }

    /// The fields of a (trimmed) line of text.
    static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}
