import LessonLanguage
import LessonEngine
import LSTMCore
import Plot
import Foundation

/// Draws a run for a person: cell headers, step reports, and Keras-like progress.
/// In a terminal the epoch line (`ProgressLine`, as wide as the terminal is now) is
/// redrawn in place with `\r` (at most ten times a second) and plots are shown: the
/// PNG itself where the terminal draws pictures (`InlineImages`), else a braille
/// sketch; otherwise each epoch is one plain line and nothing is redrawn. `NO_COLOR`
/// turns colour off; `--quiet` leaves only what cells print.
public final class TerminalObserver: RunObserver {
    public let quiet: Bool
    public let isTerminal: Bool
    public let style: TerminalStyle
    /// How plots are drawn (`--images`); nil: the braille sketch in a terminal.
    public let images: InlineImages?
    private var lastDraw = ContinuousClock.now
    private var drewProgress = false

    public init(quiet: Bool, images: InlineImages? = nil) {
        self.quiet = quiet
        self.images = images
        isTerminal = isatty(STDOUT_FILENO) == 1
        style = TerminalStyle.standardOutput()
    }

    private func styled(_ text: String, _ codes: String) -> String { style.styled(text, codes) }

    private func emit(_ line: String) {
        if drewProgress {
            FileHandle.standardOutput.write(Data("\n".utf8))
            drewProgress = false
        }
        print(line)
        fflush(stdout)
    }

    public func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?) {
        guard !quiet else { return }
        let header = "[\(position)/\(total)] \(cell.label)  \(cell.file):\(cell.fenceLine)"
        emit("\n" + styled(header, "1") + (reason.map { "  " + styled("(\($0))", "33") } ?? ""))
    }

    public func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String) {
        guard !quiet else { return }
        emit("\n" + styled("[\(position)/\(total)] \(cell.label)  \(cell.file):\(cell.fenceLine)", "1") + "  " + styled(why, "2"))
    }

    public func report(_ line: String) {
        guard !quiet else { return }
        emit(line)
    }

    public func printed(_ text: String) { emit(text) }

    /// Warnings go to standard error, also when quiet, so `lesson list > file` keeps them apart.
    public func warning(_ line: String) {
        if drewProgress {
            FileHandle.standardOutput.write(Data("\n".utf8))
            drewProgress = false
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private var batchesPerEpoch = 0

    public func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int) {
        self.batchesPerEpoch = batchesPerEpoch
    }

    public func batchEnded(_ progress: BatchProgress) {
        guard !quiet, isTerminal else { return }
        let now = ContinuousClock.now
        guard progress.batch == progress.batches || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        let line = ProgressLine(epoch: progress.epoch, epochs: progress.epochs, batch: progress.batch, batches: progress.batches,
                                timing: timing(progress.seconds, progress.batch),
                                metrics: [("loss", TerminalObserver.metric(progress.runningLoss))])
        FileHandle.standardOutput.write(Data(("\r" + line.render(width: width, style: style) + "\u{1B}[K").utf8))
        drewProgress = true
    }

    public func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?) {
        guard !quiet else { return }
        var metrics = [(name: "loss", value: TerminalObserver.metric(log.loss))]
        if let valLoss = log.valLoss { metrics.append(("val_loss", TerminalObserver.metric(valLoss))) }
        let time = timing(log.seconds, batchesPerEpoch)
        if isTerminal {
            let line = ProgressLine(epoch: log.epoch, epochs: epochs, batch: batchesPerEpoch, batches: batchesPerEpoch,
                                    timing: time, metrics: metrics)
            FileHandle.standardOutput.write(Data(("\r" + line.render(width: width, style: style) + "\u{1B}[K\n").utf8))
            drewProgress = false
        } else {
            emit("Epoch \(log.epoch)/\(epochs) " + time + metrics.map { " - \($0.name): \($0.value)" }.joined())
        }
        if let message = checkpointMessage { emit(styled(message, "2")) }
    }

    /// The terminal's width now (it may have been resized since the run started).
    private var width: Int { TerminalStyle.terminalColumns() ?? style.width }

    public func plotWritten(path: String, chart: LineChart) {
        guard !quiet else { return }
        if let picture = images?.picture(file: path, maxColumns: min(width, 100)) {
            emit(picture)
            return
        }
        guard images?.sketchesCharts ?? isTerminal else { return }
        let mode: TerminalColorMode = style.color ? .ansi256 : .none
        if let preview = try? TerminalPreview.render(chart, columns: min(width, 100), rows: 12, color: mode) {
            emit(preview)
        }
    }

    /// `4s 380ms/step`, or `0s 875us/step` below a millisecond, as Keras prints it.
    private func timing(_ seconds: Double, _ batches: Int) -> String {
        let perStep = batches > 0 ? seconds / Double(batches) : 0
        return perStep >= 0.001
            ? String(format: "%.0fs %.0fms/step", seconds, perStep * 1e3)
            : String(format: "%.0fs %.0fus/step", seconds, perStep * 1e6)
    }

    /// Keras 3's progress bar format: 4 decimals, or scientific below 1e-3.
    public static func metric(_ value: Double) -> String {
        // Swift writes a NaN whose sign bit is set as "-nan"; users see "nan".
        guard value.isFinite else { return value.isNaN ? "nan" : "\(value)" }
        return abs(value) >= 1e-3 || value == 0 ? String(format: "%.4f", value) : String(format: "%.4e", value)
    }
}
