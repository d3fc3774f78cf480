import ArgumentParser
import LessonEngine

/// `lesson run [FILE]`: runs every cell in order, or the ones asked for.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a lesson's cells in order, reusing fresh results.")

    @OptionGroup var lesson: LessonFileArgument
    @OptionGroup var flags: RunFlags

    @Option(help: ArgumentHelp("Run only this cell: its number, name or kind (stale cells before it run first).", valueName: "N|name|kind"))
    var cell: String?

    @Option(help: ArgumentHelp("Run this cell and every cell after it.", valueName: "N|name|kind"))
    var from: String?

    @Flag(help: "Run the cells even when their kept results are fresh (trains again).")
    var force = false

    @Flag(help: "Continue an interrupted fit from its last finished epoch.")
    var resume = false

    func validate() throws {
        if cell != nil && from != nil { throw ValidationError("give --cell or --from, not both") }
        if resume && force { throw ValidationError("give --resume or --force, not both: --resume continues an interrupted fit, --force trains again from the start") }
    }

    func run() throws {
        try reportingErrors {
            var options = flags.options(for: try lesson.path())
            if let cell { options.selection = .only(cell) }
            if let from { options.selection = .from(from) }
            options.force = force
            options.resume = resume
            options.commandLine = CommandLine.arguments
            let observer = TerminalObserver(quiet: flags.quiet)
            try LessonRunner(options: options, observer: observer, interrupt: installInterruptHandler()).run()
        }
    }
}
