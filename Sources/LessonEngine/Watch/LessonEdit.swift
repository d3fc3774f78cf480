/// What a save changed, compared cell by cell: what the watcher says before a run,
/// and whether the fit that is training still belongs to the lesson.
public enum LessonEdit {
    /// The cells of `new` that differ from `old` (their kind or canonical statements,
    /// or a cell `old` did not have) or that read one of the changed `files`.
    public static func changedCells(from old: LessonSnapshot, to new: LessonSnapshot,
                                    files: Set<String>) -> [LessonSnapshot.CellShape] {
        new.cells.enumerated().filter { position, cell in
            let before = position < old.cells.count ? old.cells[position] : nil
            return before?.kind != cell.kind || before?.text != cell.text || cell.reads.contains(where: files.contains)
        }.map(\.element)
    }

    /// The change in words, for `watch: Lessons/x.md changed (cell 5 fit); ...`:
    /// `cell 5 fit`, `cells 2 constants, 5 fit`, `1 cell removed`, `no cell changed`.
    public static func describe(from old: LessonSnapshot, to new: LessonSnapshot, files: Set<String>) -> String {
        let changed = changedCells(from: old, to: new, files: files)
        if changed.count == 1 { return changed[0].label }
        if !changed.isEmpty {
            return "cells " + changed.map { "\($0.index) \($0.kind.rawValue)" }.joined(separator: ", ")
        }
        let removed = old.cells.count - new.cells.count
        if removed > 0 { return "\(removed) cell\(removed == 1 ? "" : "s") removed" }
        return "no cell changed"
    }

    /// Whether a save touches the fit in cell `fit` of `running` (the text the run
    /// started from): true when one of the cells up to and including the fit changed
    /// in `now`, moved, or went away, or reads one of the changed `files` (a CSV is
    /// upstream of the data cell that reads it). Such a fit no longer belongs to the
    /// lesson, so the watcher stops it; an edit to a later cell or to prose leaves it.
    ///
    /// It compares statements, not keys: computing keys would evaluate cells on the
    /// watcher's thread while the fit trains on another. So an edited constant that only
    /// a later cell reads counts too; the cost is small, since the next run finds the
    /// same key interrupted and resumes it from its last finished epoch. A lesson that
    /// no longer parses (`now` nil) does not stop the fit: the save may be half done,
    /// and the run after the fit shows the error.
    public static func touchesFit(_ fit: Int, running: LessonSnapshot, now: LessonSnapshot?, files: Set<String>) -> Bool {
        let upstream = { (snapshot: LessonSnapshot) in snapshot.cells.filter { $0.index <= fit } }
        let before = upstream(running)
        if files.contains(running.path), let now {
            let after = upstream(now)
            guard after.count == before.count else { return true }
            if zip(before, after).contains(where: { $0.kind != $1.kind || $0.text != $1.text }) { return true }
        }
        let readers = before + (now.map(upstream) ?? [])
        return readers.contains { $0.reads.contains(where: files.contains) }
    }
}
