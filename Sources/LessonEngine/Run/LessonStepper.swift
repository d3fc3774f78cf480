import Foundation

/// `lesson step`: walks a lesson in the terminal. Before each cell it shows the prose
/// that leads to it (rendered for the terminal) and the cell with its file line
/// numbers, then asks what to do: run, re-run, skip, jump N, list, quit. Reads its
/// answers line by line, so piped input drives it too; the end of input quits.
public final class LessonStepper {
    let options: RunOptions
    let observer: RunObserver
    let interrupt: Interrupt
    let style: TerminalStyle
    let readLine: () -> String?
    let write: (String) -> Void
    /// Writes an error as the program shows it (standard error in the terminal).
    let writeError: (String) -> Void

    public init(options: RunOptions, observer: RunObserver, interrupt: Interrupt, style: TerminalStyle,
                readLine: @escaping () -> String?, write: @escaping (String) -> Void,
                writeError: @escaping (String) -> Void) {
        self.options = options
        self.observer = observer
        self.interrupt = interrupt
        self.style = style
        self.readLine = readLine
        self.write = write
        self.writeError = writeError
    }

    static let help = "run (r or Enter), re-run (rr: the last cell again, even if fresh), skip (s), "
        + "jump N (j N: to cell N, a name or a kind), list (l), quit (q)"

    /// Returns when the lesson ends or the user quits. Errors of a cell are shown and
    /// stepping goes on; only a lesson that cannot be read or checked throws.
    public func run() throws {
        let lesson = try LessonRunner(options: options, observer: observer, interrupt: interrupt).check()
        let cells = lesson.cells
        write(style.styled(lesson.title, "1") + "  (\(cells.count) cells; answer " + LessonStepper.help + ")")
        var position = 0          // index into cells of the cell to show next
        var lastRun: Int?
        var shown = -1            // the cell whose prose and listing were shown
        while position < cells.count {
            let cell = cells[position]
            if shown != position {
                showProse(before: cell, in: lesson, after: position == 0 ? 0 : cells[position - 1].closingLine)
                write(CellListing.render(cell, in: lesson, style: style))
                shown = position
            }
            write("[\(cell.index)/\(cells.count)] \(cell.label)> ")
            guard let answer = readLine() else { return }
            let words = answer.split(separator: " ").map(String.init)
            switch words.first?.lowercased() ?? "" {
            case "", "r", "run":
                runCell(String(cell.index), force: false)
                lastRun = cell.index
                position += 1
            case "rr", "re-run", "rerun":
                runCell(String(lastRun ?? cell.index), force: true)
                if lastRun == nil { lastRun = cell.index; position += 1 }
            case "s", "skip":
                position += 1
            case "j", "jump":
                guard words.count == 2 else { write("jump needs a cell: jump 4, jump fit"); continue }
                do {
                    position = try lesson.cell(words[1]).index - 1
                } catch {
                    writeError(render(error, color: style.color))
                }
            case "l", "list":
                showList()
            case "q", "quit", "exit":
                return
            default:
                write("answer " + LessonStepper.help)
            }
        }
        showProse(before: nil, in: lesson, after: cells.last?.closingLine ?? 0)
        write("End of the lesson.")
    }

    private func runCell(_ address: String, force: Bool) {
        var options = self.options
        options.selection = .only(address)
        options.force = force
        interrupt.reset()
        do {
            try LessonRunner(options: options, observer: observer, interrupt: interrupt).run()
        } catch {
            writeError(render(error, color: style.color))
        }
    }

    private func showList() {
        do {
            let states = try LessonRunner(options: options, observer: observer, interrupt: interrupt).cellStates()
            for state in states { write(CellStateText.line(state)) }
        } catch {
            writeError(render(error, color: style.color))
        }
    }

    /// Prose blocks between file line `after` and `cell` (to the end when nil).
    private func showProse(before cell: Cell?, in lesson: Lesson, after: Int) {
        for block in lesson.blocks {
            guard case .prose(let text, let line) = block, line > after else { continue }
            if let cell, line >= cell.fenceLine { break }
            let rendered = ProseRenderer.render(text, style: style)
            if !rendered.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { write(rendered) }
        }
    }
}

/// One line of `lesson list`: `4  data            line 97   fresh      4000 values, ...`.
public enum CellStateText {
    public static func line(_ state: CellState) -> String {
        let label = state.name.map { "\(state.kind.rawValue) \"\($0)\"" } ?? state.kind.rawValue
        let status: String
        switch state.status {
        case .fresh: status = "fresh"
        case .neverRun: status = "never run"
        case .stale(let reason): status = "stale: \(reason)"
        case .failed(let reason): status = "failed: \(reason)"
        }
        var text = pad(String(state.index), 3) + pad(label, 18) + pad("line \(state.line)", 10) + status
        if let last = state.lastResult, state.status != .neverRun { text += "  (last: \(last))" }
        return text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
