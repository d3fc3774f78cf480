import LessonLanguage
import Foundation

/// A lesson's text as the watcher compares it: each cell's kind and statements in
/// canonical form (comments and spacing do not count, as in the cell's key), and the
/// files each cell reads. Made by parsing alone, evaluating nothing: it is safe on
/// the watcher's thread while a fit trains on another.
public struct LessonSnapshot: Equatable, Sendable {
    public struct CellShape: Equatable, Sendable {
        public var index: Int
        public var kind: StepKind
        /// The canonical statements, or the raw body when they do not parse (then any
        /// edit to the body counts as a change; the run reports the error).
        public var text: String
        /// Files the cell reads, as paths from the current directory (`Lessons/tide.csv`).
        public var reads: [String]

        /// `cell 5 fit`
        public var label: String { "cell \(index) \(kind.rawValue)" }
    }

    public var path: String
    public var cells: [CellShape]

    /// Every file the lesson reads, in cell order, each once.
    public var inputs: [String] {
        var seen: Set<String> = []
        return cells.flatMap(\.reads).filter { seen.insert($0).inserted }
    }

    /// The lesson at `path` now, or the error that keeps it from parsing.
    public static func load(_ path: String) -> Result<LessonSnapshot, Error> {
        Result { try LessonSnapshot(LessonFile.load(path)) }
    }

    public init(_ lesson: Lesson) {
        path = lesson.path
        let folder = (lesson.path as NSString).deletingLastPathComponent
        // Names a constants cell binds to a plain string: `series(csv: TIDE_FILE)` reads that file.
        var strings: [String: String] = [:]
        var shapes: [CellShape] = []
        for cell in lesson.cells {
            let statements = try? CanonicalCell.statements(of: cell)
            for case .assignment(let name, .string(let value, _), _) in statements ?? [] { strings[name] = value }
            let reads = (statements ?? []).compactMap { Self.fileRead(by: $0, strings: strings) }
                .map { OutputFiles.join(folder.isEmpty ? "." : folder, $0) }
            shapes.append(CellShape(index: cell.index, kind: cell.kind,
                                    text: statements.map { $0.map(CanonicalCell.text(of:)).joined(separator: "\n") } ?? cell.body,
                                    reads: reads))
        }
        cells = shapes
    }

    /// The file a statement reads, as the cell names it: `series(csv: "tide.csv")`,
    /// `load_model("weights.safetensors")` (not `"best"`), literally or through a name
    /// bound to a string; the same calls the cell's key hashes the files of.
    private static func fileRead(by statement: Statement, strings: [String: String]) -> String? {
        switch FileArgument.of(statement) {
        case .string(let file, _)? where file != "best": return file
        case .name(let name, _)?: return strings[name]
        default: return nil
        }
    }
}
