import Foundation
import LSTMCore
import Plot
import Synchronization

/// Which cells `lesson run` runs: all of them, one (`--cell 3`, `--cell long-run`,
/// `--cell validate`), or one and every cell after it (`--from 4`).
public enum CellSelection: Equatable, Sendable {
    case all
    case only(String)
    case from(String)
}

/// What the command line asked of a run.
public struct RunOptions: Sendable {
    /// The lesson file as the user named it; messages show it this way.
    public var lessonPath: String
    public var selection: CellSelection = .all
    /// `--force`: run every selected cell and its upstream fits even when fresh.
    public var force = false
    /// `--set NAME=VALUE` texts, in order; VALUE is a constant expression of the cell language.
    public var overrides: [String] = []
    /// `--resume`: continue an interrupted fit from its `last.safetensors`.
    public var resume = false
    /// `--threads N`: overrides the setup cell's `threads`.
    public var threads: Int? = nil
    /// Where `result/<slug>/` lives, relative to the current directory; a setup cell's
    /// `result_dir` is relative to the folder that holds it.
    public var resultRoot: String = "result"
    /// `--result-dir PATH`: the lesson's whole result folder, instead of
    /// `<resultRoot>/<slug>` and the setup cell's `result_dir`.
    public var resultDirectory: String? = nil
    /// `--allow-read DIR`s: folders besides the lesson's and its result folder that
    /// cells may read from.
    public var allowedReads: [String] = []
    /// The command as it was invoked (`CommandLine.arguments`), for the hint that says
    /// how to continue after an interruption; empty when not run from a command line.
    public var commandLine: [String] = []
    /// Continue a fit that was interrupted with the same key without being asked (a
    /// sweep run again after Ctrl-C goes on where it stopped).
    public var continueInterrupted = false

    public init(lessonPath: String) {
        self.lessonPath = lessonPath
    }
}

extension RunOptions {
    /// The command that continues this run after an interruption, exactly as it can be
    /// typed: the program as invoked with its arguments, shell-quoted, and `--resume`.
    /// A sweep needs no `--resume`: run again, it continues where it stopped.
    public var resumeCommand: String {
        var words = commandLine
        if words.isEmpty {
            words = ["lesson", "run", lessonPath] + overrides.flatMap { ["--set", $0] } + (threads.map { ["--threads", String($0)] } ?? [])
        }
        if !continueInterrupted && !words.contains("--resume") { words.append("--resume") }
        return words.map(shellQuoted).joined(separator: " ")
    }
}

/// `word` as a POSIX shell reads it back: as it is when it holds only safe characters,
/// else in single quotes (a quote inside written as '\'').
public func shellQuoted(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./:,@%+")
    if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Everything a run tells the user goes through this; the command line draws it
/// (Keras-like progress in a terminal, plain lines otherwise).
public protocol RunObserver: AnyObject {
    /// A cell starts: header `[4/6] data  Lessons/01-sine-wave.md:97`; `reason` says
    /// why a cell that was not asked for runs (`stale: EPOCH_NM 1000 → 30`).
    func cellWillRun(_ cell: Cell, position: Int, total: Int, reason: String?)
    /// A fit cell whose kept results are fresh: loaded from disk, not retrained.
    func cellSkipped(_ cell: Cell, position: Int, total: Int, why: String)
    /// One line a step reports (`data: 4000 values, 3920 windows of 80 steps, shuffled`).
    func report(_ line: String)
    /// One line a cell's `print(...)` wrote.
    func printed(_ text: String)
    func fitWillStart(epochs: Int, batchesPerEpoch: Int, initialEpoch: Int)
    func batchEnded(_ progress: BatchProgress)
    /// An epoch ended; `checkpointMessage` is Keras' ModelCheckpoint line, if any.
    func epochEnded(_ log: EpochLog, epochs: Int, checkpointMessage: String?)
    /// A chart was written as a PNG (the observer may draw a terminal preview).
    func plotWritten(path: String, chart: LineChart)
}

/// Set by a SIGINT handler, read by fit after every batch. Lock-free, so a signal
/// handler may call `request()`.
public final class Interrupt: Sendable {
    private let flag = Atomic<Int>(0)

    public init() {}

    /// Asks the running fit to stop after its current batch. Returns how many times
    /// it was asked before (a second Ctrl-C can then exit at once).
    @discardableResult
    public func request() -> Int { flag.add(1, ordering: .sequentiallyConsistent).oldValue }

    public var isRequested: Bool { flag.load(ordering: .sequentiallyConsistent) > 0 }

    /// Forgets a request (between cells of `lesson step`).
    public func reset() { flag.store(0, ordering: .sequentiallyConsistent) }
}
