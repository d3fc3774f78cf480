import LessonLanguage
import Foundation

/// `--sweep NAME=v1,v2,...`: a name and the values a sweep gives it, each a constant
/// expression of the cell language, as `--set` takes. Values are split at top-level
/// commas only, so `--sweep SHAPE=(80, 1),(40, 1)` has two values.
public struct SweepAxis: Equatable, Sendable {
    public var name: String
    /// Each value's source text, as `--set NAME=<text>` would take it.
    public var values: [String]

    /// Parses and checks every value. Errors are usage errors naming the option.
    public static func parse(_ text: String) throws -> SweepAxis {
        func failure(_ message: String) -> LessonError {
            LessonError("--sweep \(ValueFormatter.excerpt(text: text)): \(message)", file: "command line", line: 0, column: 0,
                        kind: .usage)
        }
        guard let equals = text.firstIndex(of: "=") else { throw failure("expected NAME=v1,v2,..., as in --sweep seed=0,1,2") }
        let name = String(text[..<equals]).trimmingWhitespace()
        let values = topLevelParts(String(text[text.index(after: equals)...])).map { $0.trimmingWhitespace() }
        guard !values.isEmpty, !values.contains(where: \.isEmpty) else { throw failure("give one or more values separated by commas") }
        for value in values {
            if isRange(value) {
                throw failure("\(ValueFormatter.excerpt(text: value)): --sweep takes a list of values, not a range; list them (a shell writes the list: "
                              + "--sweep \(ValueFormatter.excerpt(text: name))=$(seq -s, 1 10))")
            }
            do {
                _ = try Override.parse(name + "=" + value)
            } catch let error as LessonError {
                throw failure(error.message.replacingOccurrences(of: Override.prefix(of: name + "=" + value),
                                                                  with: ValueFormatter.excerpt(text: value) + ": "))
            }
        }
        guard Set(values).count == values.count else { throw failure("a value is given twice") }
        return SweepAxis(name: name, values: values)
    }

    /// `1..10`, which other tools read as a range (the cell language does not).
    private static func isRange(_ value: String) -> Bool {
        let ends = value.components(separatedBy: "..")
        return ends.count == 2 && ends.allSatisfy { Int($0.trimmingWhitespace()) != nil }
    }

    /// `text` split at commas outside parentheses, brackets and strings.
    static func topLevelParts(_ text: String) -> [String] {
        var parts: [String] = [], current = ""
        var depth = 0, quoted = false, escaped = false
        for character in text {
            if quoted {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { quoted = false }
            } else if character == "\"" {
                quoted = true
            } else if character == "(" || character == "[" {
                depth += 1
            } else if character == ")" || character == "]" {
                depth -= 1
            } else if character == ",", depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }
}

/// `--shard K/N`: this process runs combinations K, K+N, K+2N, ... (1-based) of a sweep.
public struct SweepShard: Equatable, Sendable {
    public var index: Int
    public var count: Int

    public static func parse(_ text: String) throws -> SweepShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, index >= 1, index <= count else {
            throw LessonError("--shard \(text): expected K/N with K from 1 to N, as in --shard 2/4", file: "command line",
                              line: 0, column: 0, kind: .usage)
        }
        return SweepShard(index: index, count: count)
    }

}
