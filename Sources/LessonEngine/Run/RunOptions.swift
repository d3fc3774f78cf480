import Foundation

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
