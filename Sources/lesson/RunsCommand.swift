import ArgumentParser
import LessonEngine
import LessonTerminal

/// `lesson runs [FILE]`: the run ledger of a lesson as a table, newest last.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "Show the ledger of a lesson's runs: settings, numbers and wall time, newest last.")

    @OptionGroup var lesson: LessonFileArgument
    @OptionGroup var paths: PathFlags

    func run() throws {
        try reportingErrors {
            var options = RunOptions(lessonPath: try lesson.path())
            paths.apply(to: &options)
            let runner = LessonRunner(options: options, observer: TerminalObserver(quiet: true))
            let ledger = try runner.ledger()
            guard !ledger.rows.isEmpty else {
                print("No runs of \(runner.options.lessonPath) are recorded yet; run it with: lesson run \(runner.options.lessonPath)")
                return
            }
            print(ledger.text)
        }
    }
}
