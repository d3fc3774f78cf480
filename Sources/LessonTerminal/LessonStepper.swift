import LessonLanguage
import LessonEngine
import Foundation

/// How `lesson step` ended, for the program's exit status.
public enum StepEnding: Equatable, Sendable {
    /// The lesson ended, or the user quit, or the input ended: `status` is what
    /// `lesson run` would give for the latest failure not mended since (0 when none).
    case finished(status: Int32)
    /// Ctrl-C (or SIGTERM) at the prompt, where nothing runs that could stop later.
    case interrupted
}

/// `lesson step`: walks a lesson in the terminal. Before each cell it shows the prose
/// that leads to it (rendered for the terminal) and the cell with its file line
/// numbers, marking the values `--set` replaces in it, then asks what to do: run,
/// re-run, skip, jump N, list, quit. Reads its answers line by line, so piped input
/// drives it too; the end of input quits.
public final class LessonStepper {
    let options: RunOptions
    let observer: RunObserver
    let interrupt: Interrupt
    let style: TerminalStyle
    /// The next answer; nil at the end of input, or when the interrupt flag was set
    /// while waiting (the flag tells which).
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
        + "jump N (j N: to cell N, a name or a kind), list (l), resume (u: an interrupted fit), quit (q)"

    /// Returns when the lesson ends or the user quits. Errors of a cell are shown and
    /// stepping goes on; only a lesson that cannot be read or checked throws. Ctrl-C
    /// during a cell stops that cell (a failure, as in `lesson run`); the flag is
    /// cleared before each prompt, so Ctrl-C at the prompt quits.
    public func run() throws -> StepEnding {
        var failures = StepFailures()
        let checker = LessonRunner(options: options, observer: observer, interrupt: interrupt)
        let lesson = try checker.check()
        // Marked beside the cells as they are shown, so the user sees what `--set` changes before running it.
        let replacements = try checker.overrideReplacements()
        let cells = lesson.cells
        write(style.styled(lesson.title, "1") + "  (\(cells.count) cells; answer " + LessonStepper.help + ")")
        var position = 0          // index into cells of the cell to show next
        var lastRun: Int?
        var shown = -1            // the cell whose prose and listing were shown
        var resumable: Int?       // a fit cell that was interrupted and can go on
        while position < cells.count {
            let cell = cells[position]
            if shown != position {
                showProse(before: cell, in: lesson, after: position == 0 ? 0 : cells[position - 1].closingLine)
                write(CellListing.render(cell, in: lesson, style: style, replacements: replacements[cell.index] ?? []))
                shown = position
                if cell.kind == .fit, interruptedEarlier(cell) { resumable = cell.index }
            }
            interrupt.reset()
            let offer = resumable.map { " (the fit of cell \($0) was interrupted: u resumes it)" } ?? ""
            write("[\(cell.index)/\(cells.count)] \(cell.label)\(offer)> ")
            guard let answer = readLine() else {
                write("")  // ends the prompt's line
                return interrupt.isRequested ? .interrupted : .finished(status: failures.status)
            }
            let words = answer.split(separator: " ").map(String.init)
            switch words.first?.lowercased() ?? "" {
            case "", "r", "run":
                resumable = runCell(cell.index, force: false, failures: &failures) ?? (resumable == cell.index ? nil : resumable)
                lastRun = cell.index
                position += 1
            case "u", "resume":
                guard let fit = resumable else { write("no fit was interrupted; answer " + LessonStepper.help); continue }
                resumable = runCell(fit, force: false, resume: true, failures: &failures)
                lastRun = fit
                position = fit
            case "rr", "re-run", "rerun":
                resumable = runCell(lastRun ?? cell.index, force: true, failures: &failures)
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
                return .finished(status: failures.status)
            default:
                write("answer " + LessonStepper.help)
            }
        }
        showProse(before: nil, in: lesson, after: cells.last?.closingLine ?? 0)
        write("End of the lesson.")
        return .finished(status: failures.status)
    }

    /// Runs cell `index` (after the stale cells before it); returns the fit cell that
    /// Ctrl-C stopped, if one did, so the prompt can offer to resume it.
    @discardableResult
    private func runCell(_ index: Int, force: Bool, resume: Bool = false, failures: inout StepFailures) -> Int? {
        var options = self.options
        options.selection = .only(String(index))
        options.force = force
        options.resume = resume
        do {
            try LessonRunner(options: options, observer: observer, interrupt: interrupt).run()
            failures.succeeded(cell: index)
            return nil
        } catch {
            writeError(render(error, color: style.color))
            failures.failed(cell: index, status: exitCode(for: error))
            if let interrupted = error as? RunInterrupted, interrupted.epoch > 0 { return interrupted.fitCell }
            return nil
        }
    }

    /// Whether the fit `cell` was interrupted in an earlier session (Ctrl-C, a closed
    /// terminal, SIGKILL) and can be resumed.
    private func interruptedEarlier(_ cell: Cell) -> Bool {
        guard let states = try? LessonRunner(options: options, observer: observer, interrupt: interrupt).cellStates(),
              let state = states.first(where: { $0.index == cell.index }), case .stale(let reason) = state.status else { return false }
        return reason.hasPrefix("interrupted after epoch ")
    }

    private func showList() {
        do {
            let states = try LessonRunner(options: options, observer: observer, interrupt: interrupt).cellStates()
            for line in CellStateText.lines(states) { write(line) }
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
