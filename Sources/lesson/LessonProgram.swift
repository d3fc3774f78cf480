import ArgumentParser
import Foundation
import LessonEngine
import LessonTerminal

/// `lesson`: runs Markdown lessons like a notebook. Alone, it lists the lessons in
/// `Lessons/` in order with their state and says which to run next.
@main
struct LessonProgram: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Run Markdown lessons in the terminal, like a notebook.",
        discussion: """
        Exit codes: 0 ok, 1 a failed run (an expect that fails, a diverged loss, Ctrl-C or SIGTERM \
        while a cell runs), 64 usage, 65 an error in the lesson (a path it may not use, a damaged file it \
        reads), 74 a file that cannot be read or written. watch ends with 0 on Ctrl-C. \
        Ctrl-C at the prompt of step, or a second Ctrl-C, exits at once with 130 (SIGTERM: 143).
        """,
        version: LessonVersion.current,
        subcommands: [RunCommand.self, WatchCommand.self, StepCommand.self, ListCommand.self, RunsCommand.self, CompareCommand.self, CleanCommand.self,
                      CheckCommand.self, BenchCommand.self])

    func run() throws {
        try reportingErrors {
            let summaries = try lessonSummaries(in: "Lessons", resultRoot: "result")
            let style = TerminalStyle.standardOutput()
            print(style.styled("Lessons", "1"))
            let width = summaries.map(\.path.count).max() ?? 0
            for (number, summary) in summaries.enumerated() {
                let padded = summary.path + String(repeating: " ", count: max(0, width - summary.path.count))
                print("  \(number + 1). \(padded)  \(summary.title)  (\(summary.cells) cells)  \(describe(summary.status))")
            }
            if let next = summaries.first(where: { $0.status != .done }) {
                let invalid: Bool
                if case .invalid = next.status { invalid = true } else { invalid = false }
                print(invalid ? "Next: fix \(next.path) (lesson check \(next.path)), then run it"
                              : "Next: lesson run \(next.path)   (or step through it: lesson step \(next.path))")
            } else {
                print("All lessons are done. Re-run one with: lesson run FILE --force")
            }
        }
    }

    private func describe(_ status: LessonSummary.Status) -> String {
        switch status {
        case .neverRun: return "never run"
        case .done: return "done"
        case .stale(let reason): return "stale: \(reason)"
        case .invalid(let message): return "does not check: \(message)"
        }
    }
}

/// Runs `body`; a thrown error is printed to standard error as the engine renders it
/// and becomes the program's exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data((render(error, color: standardErrorIsColored()) + "\n").utf8))
        throw ExitCode(exitCode(for: error))
    }
}

func standardErrorIsColored() -> Bool { TerminalStyle.colors(STDERR_FILENO) }

/// The lesson file argument: a path, or the first lesson in `Lessons/` when omitted.
struct LessonFileArgument: ParsableArguments {
    @Argument(help: "The lesson file (default: the first lesson in Lessons/).")
    var file: String?

    func path() throws -> String {
        if let file { return file }
        guard let first = try lessonPaths(in: "Lessons").first else {
            throw ValidationError("no lessons in Lessons/")
        }
        return first
    }
}

/// Options shared by the commands that run cells.
struct RunFlags: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a constant, as NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var overrides: [String] = []

    @Option(help: "Threads for the numerics (overrides the setup cell's threads).")
    var threads: Int?

    @Flag(help: "Print only what cells print and errors: no headers, progress or step reports.")
    var quiet = false

    @OptionGroup var paths: PathFlags

    @OptionGroup var images: ImageFlags

    func validate() throws {
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be from 1 to 256") }
    }

    /// The picture drawer for `--images`, else `LESSON_IMAGES`, else auto.
    func inlineImages() -> InlineImages { images.inlineImages() }

    func options(for path: String) -> RunOptions {
        var options = RunOptions(lessonPath: path)
        options.overrides = overrides
        options.threads = threads
        paths.apply(to: &options)
        return options
    }
}

/// Where a lesson's results go and which other folders its cells may read: the user
/// says so on the command line, a lesson cannot (README.md, "Writing a lesson").
struct PathFlags: ParsableArguments {
    @Option(name: .customLong("result-dir"),
            help: ArgumentHelp("The lesson's result folder (instead of result/<lesson> and the setup cell's result_dir).",
                               valueName: "PATH"))
    var resultDirectory: String?

    @Option(name: .customLong("allow-read"),
            help: ArgumentHelp("Let cells read files in this folder too (repeatable).", valueName: "DIR"))
    var allowedReads: [String] = []

    func validate() throws {
        if resultDirectory?.isEmpty == true { throw ValidationError("--result-dir needs a folder") }
        if allowedReads.contains(where: \.isEmpty) { throw ValidationError("--allow-read needs a folder") }
    }

    func apply(to options: inout RunOptions) {
        options.resultDirectory = resultDirectory
        options.allowedReads = allowedReads
    }
}
