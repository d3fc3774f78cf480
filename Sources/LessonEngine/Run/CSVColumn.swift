import Foundation

/// One numeric column of a CSV file with a header row (`series(csv:, column:)`, or one
/// of `columns:`).
/// Fields are split on commas; surrounding spaces and double quotes are dropped;
/// empty lines are skipped. Errors name the file and line.
struct CSVColumn {
    var column: String
    var values: [Double]

    struct Failure: Error {
        var message: String
        var isIO: Bool
    }

    /// Largest file read: 200 MB.
    static let maximumBytes = 200_000_000

    /// The columns named `wanted`, in that order (`series(csv:, columns:)`); nil: the
    /// file's only column.
    static func read(path: String, columns wanted: [String]?) throws -> [CSVColumn] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(message: "cannot read \(path): no such file (CSV files are read relative to the lesson's folder)", isIO: true)
        }
        guard data.count <= maximumBytes else {
            throw Failure(message: "\(path) is larger than \(maximumBytes / 1_000_000) MB", isIO: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(message: "\(path) is not UTF-8 text", isIO: false)
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .enumerated().map { (number: $0.offset + 1, text: String($0.element).trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty }
        guard !lines.isEmpty else { throw Failure(message: "\(path) is empty; it needs a header row and values", isIO: false) }
        let header = lines.removeFirst()
        let names = fields(header.text)
        var indices: [Int] = []
        if let wanted {
            for name in wanted {
                guard let found = names.firstIndex(of: name) else {
                    throw Failure(message: "\(path):\(header.number): no column '\(name)'"
                                  + Suggestion.hint(for: name, among: names, otherwise: "the columns are " + names.joined(separator: ", ")),
                                  isIO: false)
                }
                indices.append(found)
            }
        } else {
            guard names.count == 1 else {
                throw Failure(message: "\(path) has columns " + names.joined(separator: ", ") + "; choose one with column:", isIO: false)
            }
            indices = [0]
        }
        var values = [[Double]](repeating: [], count: indices.count)
        for c in values.indices { values[c].reserveCapacity(lines.count) }
        for line in lines {
            let row = fields(line.text)
            for (c, index) in indices.enumerated() {
                guard index < row.count else {
                    throw Failure(message: "\(path):\(line.number): the row has \(row.count) fields, no '\(names[index])'", isIO: false)
                }
                guard let value = Double(row[index]), value.isFinite else {
                    throw Failure(message: "\(path):\(line.number): '\(row[index])' in column '\(names[index])' is not a number", isIO: false)
                }
                values[c].append(value)
            }
        }
        guard !lines.isEmpty else { throw Failure(message: "\(path) has a header but no values", isIO: false) }
        return indices.enumerated().map { CSVColumn(column: names[$0.element], values: values[$0.offset]) }
    }

    private static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}
