import LessonLanguage
import SafeFiles
import Foundation

/// A result folder is lesson's own: `lesson clean` removes what is in it, so lesson
/// writes only into a folder that is missing, empty, or marked as a result folder by
/// `.lesson-results` (a file of constant bytes, so result folders copied together
/// merge without a conflict). A folder without the marker whose entries are all ones
/// lesson writes, and whose records read, is adopted (stores made before the marker
/// existed); the current folder, the lesson's own folder, or a folder holding other
/// files is refused before anything is written.
struct ResultFolderClaim {
    let store: ResultStore
    let folder: Folder

    static let markerName = ".lesson-results"
    static let markerText = "This folder holds the results of lesson runs. lesson writes it, reads it and "
        + "removes from it (lesson clean): keep your own files elsewhere.\n"

    /// What lesson writes at the top of a result folder: the store's folders, the latest
    /// run's outputs (plots, CSV files, reports), the marker, temporary files.
    static let storeFolders: Set<String> = ["store", ResultStore.fitsFolder, ResultStore.runsFolder, "sweeps", "compare"]
    static let outputExtensions: Set<String> = ["png", "csv", "md"]

    /// Whether a top-level entry is one lesson writes (files by `StoreFileNames`' rule).
    static func isLessons(_ entry: FolderEntry) -> Bool {
        if storeFolders.contains(entry.name) { return entry.kind == .folder }
        return entry.kind == .file && (entry.name == markerName || StoreFileNames.isLessons(entry.name))
    }

    var isMarked: Bool { folder.kind(of: ResultFolderClaim.markerName) == .file }

    /// Refuses a folder that is not lesson's to write in (65, or 64 for `--result-dir`).
    func check() throws {
        let resolved = folder.resolvedPath
        let current = LessonPaths.resolved(".")
        if resolved == current || resolved == "/" {
            throw refusal("it is the current folder, where your own files are")
        }
        if let lesson = store.lessonFolder, resolved == LessonPaths.resolved(lesson) {
            throw refusal("it is the lesson's own folder")
        }
        if isMarked { return }
        let entries = (try? folder.entries()) ?? []
        let strangers = entries.filter { !ResultFolderClaim.isLessons($0) }.map(\.name)
        if let link = entries.first(where: { $0.kind == .link }) { throw store.failure(FolderError.link(folder.join(link.name))) }
        // Adopting needs the records to read too: a folder of lookalike names is not a store.
        let unreadable = strangers.isEmpty ? unreadableRecords() : []
        if let record = unreadable.first {
            throw refusal("it has no \(ResultFolderClaim.markerName) and its record \(record) does not read as one lesson writes")
        }
        if !strangers.isEmpty {
            throw refusal("it holds files lesson did not write (\(strangers.prefix(3).joined(separator: ", "))"
                          + (strangers.count > 3 ? ", ..." : "") + ")")
        }
    }

    /// The records of `store/cells` that are not cell records (for a folder to adopt).
    private func unreadableRecords() -> [String] {
        let names = ((try? folder.entries(ResultStore.cellsFolder)) ?? []).filter { $0.kind == .file && $0.name.hasSuffix(".json") }
        return names.map { ResultStore.cellsFolder + "/" + $0.name }.filter { name in
            guard let bytes = try? folder.read(name, limit: ResultStore.maximumRead) else { return true }
            return (try? JSONDecoder().decode(CellRecord.self, from: Data(bytes))) == nil
        }
    }

    /// Writes the marker into a folder that has none (new, or adopted), saying so when
    /// the folder already held results.
    func mark() throws {
        guard !isMarked else { return }
        let adopted = !((try? folder.entries()) ?? []).isEmpty
        do {
            try folder.write(Array(ResultFolderClaim.markerText.utf8), to: ResultFolderClaim.markerName)
        } catch let error as FolderError {
            throw store.failure(error)
        }
        if adopted {
            store.warn("note: \(store.folder) holds only what lesson writes, so it is now marked as a lesson result folder "
                       + "(\(ResultFolderClaim.markerName))")
        }
    }

    private func refusal(_ why: String) -> LessonError {
        let advice = store.fromCommandLine
            ? "give --result-dir a new or empty folder, or one lesson made"
            : "name a new or empty folder in result_dir, or give --result-dir PATH"
        return LessonError("\(store.folder) cannot be a result folder: \(why), and lesson clean removes what a result folder "
                           + "holds; \(advice)", file: store.folder, line: 0, column: 0,
                           kind: store.fromCommandLine ? .usage : .invalidLesson)
    }
}
