import ArgumentParser
import LessonEngine
import LessonTerminal

/// `lesson list [FILE]`: each cell with its index, kind, name, line, state and last result.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a lesson's cells: index, kind, name, line, fresh/stale/never run, last result.")

    @OptionGroup var lesson: LessonFileArgument

    @Option(name: .customLong("set"), help: ArgumentHelp("Show states as they would be with this override (repeatable).", valueName: "NAME=VALUE"))
    var overrides: [String] = []

    @OptionGroup var paths: PathFlags

    func run() throws {
        try reportingErrors {
            var options = RunOptions(lessonPath: try lesson.path())
            options.overrides = overrides
            paths.apply(to: &options)
            let runner = LessonRunner(options: options, observer: TerminalObserver(quiet: true))
            let checked = try runner.check()
            print("\(checked.title)  (\(checked.path), results in \(try runner.resultDirectory()))")
            for line in CellStateText.lines(try runner.cellStates()) { print(line) }
            let usage = try runner.storeUsage()
            if usage.runs > 0 || usage.fits > 0 {
                print("Kept: \(usage.description) (lesson runs \(checked.path) lists them; lesson clean \(checked.path) frees all but the latest)")
            }
        }
    }
}
