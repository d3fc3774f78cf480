import ArgumentParser
import LessonEngine
import LessonTerminal

/// `lesson clean FILE`: frees the disk that older runs take, saying what it removes.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove kept results of a lesson except the latest run's (or the latest N, or all), saying what it frees.")

    @OptionGroup var lesson: LessonFileArgument
    @OptionGroup var paths: PathFlags

    @Option(help: "Keep the results of the newest N runs.")
    var keep: Int?

    @Flag(help: "Remove every kept result of the lesson, the latest run's too.")
    var all = false

    func validate() throws {
        if all && keep != nil { throw ValidationError("give --all or --keep N, not both") }
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1 (--all removes everything)") }
    }

    func run() throws {
        try reportingErrors {
            var options = RunOptions(lessonPath: try lesson.path())
            paths.apply(to: &options)
            let runner = LessonRunner(options: options, observer: TerminalObserver(quiet: true))
            print(try runner.clean(keep: all ? nil : (keep ?? 1)))
        }
    }
}
