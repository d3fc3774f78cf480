import LessonLanguage
import Foundation

/// `lesson compare`: which kept runs to compare. By default the runs of the lesson as
/// it reads now (the same cells, whatever the overrides), `--all` adds runs of earlier
/// texts; `--where NAME=VALUE` keeps runs where NAME had that value (`seed` and
/// `threads` as the run recorded them, any other name as its `--set`). One run per
/// configuration: the newest that finished.
struct ComparisonQuery {
    var conditions: [(name: String, value: Value)]
    var all: Bool

    init(conditions: [String], all: Bool) throws {
        self.conditions = try conditions.map { text in
            do {
                let parsed = try Override.parse(text)
                return (parsed.name, parsed.value)
            } catch let error as LessonError {
                throw LessonError(error.message.replacingOccurrences(of: "--set", with: "--where"), file: "command line",
                                  line: 0, column: 0, kind: .usage)
            }
        }
        self.all = all
    }

    func select(_ entries: [LedgerEntry], lesson: Lesson) -> [LedgerEntry] {
        let text = RunLedger.lessonText(lesson)
        var newest: [String: LedgerEntry] = [:]
        for entry in entries where entry.status != "interrupted" && !entry.validates.isEmpty {
            guard all || entry.lessonText == text, conditions.allSatisfy({ matches(entry, $0.name, $0.value) }) else { continue }
            let configuration = ([entry.lessonText, "threads=\(entry.threads)"] + entry.overrides.sorted()).joined(separator: "\n")
            if let kept = newest[configuration], kept.started >= entry.started { continue }
            newest[configuration] = entry
        }
        return newest.values.sorted { $0.started < $1.started }
    }

    private func matches(_ entry: LedgerEntry, _ name: String, _ value: Value) -> Bool {
        switch name {
        case "seed" where !entry.overrides.contains(where: { $0.hasPrefix("seed=") }): return value.wholeNumber == entry.seed
        case "threads": return value.wholeNumber == entry.threads
        default:
            return entry.overrides.contains { text in
                guard let parsed = try? Override.parse(text), parsed.name == name else { return false }
                return CellKey.representation(parsed.value) == CellKey.representation(value)
            }
        }
    }

    /// The names whose values differ between `entries` (their overrides, seed and
    /// threads, and the lesson's text with `--all`), and each entry's values of them.
    static func settings(of entries: [LedgerEntry]) -> (names: [String], values: [[String]]) {
        func values(_ entry: LedgerEntry) -> [String: String] {
            var result = ["seed": String(entry.seed), "threads": String(entry.threads), "lesson text": String(entry.lessonText.prefix(8))]
            for text in entry.overrides {
                guard let equals = text.firstIndex(of: "=") else { continue }
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            return result
        }
        let all = entries.map(values)
        let names = Array(Set(all.flatMap(\.keys))).sorted().filter { name in Set(all.map { $0[name] ?? "" }).count > 1 }
        return (names, all.map { run in names.map { run[$0] ?? "(lesson)" } })
    }
}
