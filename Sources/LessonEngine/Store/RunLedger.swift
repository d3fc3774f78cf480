import LessonLanguage
import Foundation

enum RunLedger {
    /// Keeps `entry` as `runs/<date>-<host>-<pid>-<random>.json` (a sweep records
    /// several runs a second from one process).
    static func record(_ entry: LedgerEntry, in store: ResultStore) throws {
        let host = FitFolder.sanitised(entry.host)
        let unique = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let name = "\(ResultStore.fileStamp())-\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(unique).json"
        try store.writeJSON(entry, to: ResultStore.runsFolder + "/" + name)
    }

    /// Every entry of the store, oldest first (unreadable files are moved aside, with a warning).
    static func entries(in store: ResultStore) -> [LedgerEntry] {
        files(in: store).map(\.entry)
    }

    /// Every readable entry of the store with its file name in `runs/`, oldest first
    /// (unreadable files are moved aside, with a warning).
    static func files(in store: ResultStore) -> [(name: String, entry: LedgerEntry)] {
        let names = store.entries(ResultStore.runsFolder).filter { $0.kind == .file && $0.name.hasSuffix(".json") }.map(\.name)
        var files: [(name: String, entry: LedgerEntry)] = []
        for name in names {
            let file = ResultStore.runsFolder + "/" + name
            guard let data = store.readIfPossible(file) else { continue }
            do {
                let entry = try JSONDecoder().decode(LedgerEntry.self, from: Data(data))
                if entry.format == ResultStore.format { files.append((name, entry)) }
            } catch {
                store.moveAside(file, because: "it is not a readable ledger entry (\(ResultStore.describe(error)))",
                               so: "the ledger goes on without it")
            }
        }
        return files.sorted { ($0.entry.started, $0.entry.host) < ($1.entry.started, $1.entry.host) }
    }

    /// The processor's model name (`AMD EPYC 9R14`), or the architecture when unknown.
    static var cpu: String {
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        #if arch(arm64)
        return "arm64"
        #else
        return "x86_64"
        #endif
    }

    /// Hash of every cell's kind and canonical statements: the lesson as it reads.
    static func lessonText(_ lesson: Lesson) -> String {
        StableHash.of(lesson.cells.map { cell in cell.kind.rawValue + "\n" + ((try? CanonicalCell.text(of: cell)) ?? cell.body) })
    }
}
