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

        init(path: String, wanted: [String]?) {
            self.path = path
            self.wanted = wanted
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer, number: Int) throws {
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw Failure(message: "\(path):\(number): the line is not UTF-8 text; save the file as UTF-8", isIO: false)
            }
            let line = decoded.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { return }
            guard let names else { return try readHeader(line, number: number) }
            let row = CSVColumn.fields(line)
            for (c, index) in indices.enumerated() {
                guard index < row.count else {
                    throw Failure(message: "\(path):\(number): the row has \(row.count) fields, no '\(quote(names[index]))'",
                                  isIO: false)
                }
                guard let value = Double(row[index]), value.isFinite else {
                    throw Failure(message: "\(path):\(number): '\(quote(row[index]))' in column '\(quote(names[index]))' "
                                  + "is not a number", isIO: false)
                }
                values[c].append(value)
            }
            rows += 1
        }

        private mutating func readHeader(_ line: String, number: Int) throws {
            let names = CSVColumn.fields(line)
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

    private static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}
