import ArgumentParser
import LessonEngine
import LessonTerminal

/// `lesson check [FILE]`: parses and checks every cell without running anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Parse and check every cell (names, types, values, order) without running anything.")

    @OptionGroup var lesson: LessonFileArgument

    @Option(name: .customLong("set"), help: ArgumentHelp("Check with this override (repeatable).", valueName: "NAME=VALUE"))
    var overrides: [String] = []

    @OptionGroup var paths: PathFlags

    func run() throws {
        try reportingErrors {
            var options = RunOptions(lessonPath: try lesson.path())
            options.overrides = overrides
            paths.apply(to: &options)
            let checked = try LessonRunner(options: options, observer: TerminalObserver(quiet: true)).check()
            print("\(checked.path): \(checked.cells.count) cells check")
        }
    }
}
