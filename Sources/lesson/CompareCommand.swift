import ArgumentParser
import LessonEngine
import LessonTerminal

/// `lesson compare FILE`: the kept runs of a lesson side by side, trained nothing.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the kept runs of a lesson: a table and charts, from the store, without training.")

    @OptionGroup var lesson: LessonFileArgument
    @OptionGroup var paths: PathFlags
    @OptionGroup var images: ImageFlags

    @Option(name: .customLong("where"), help: ArgumentHelp("Only runs where NAME had VALUE (repeatable).", valueName: "NAME=VALUE"))
    var conditions: [String] = []

    @Flag(help: "Also runs of earlier texts of the lesson.")
    var all = false

    func run() throws {
        try reportingErrors {
            let path = try lesson.path()
            var options = RunOptions(lessonPath: path)
            paths.apply(to: &options)
            // The charts show as `run --sweep` shows its summary charts: pictures where the terminal draws them.
            let runner = LessonRunner(options: options, observer: TerminalObserver(quiet: false, images: images.inlineImages()))
            let (table, files) = try runner.compare(conditions: conditions, all: all)
            guard !table.rows.isEmpty else {
                print("No kept runs of \(path) match" + (all ? "" : " the lesson as it reads now (--all includes earlier texts)")
                      + "; run it with lesson run \(path), or a sweep with --sweep NAME=v1,v2")
                return
            }
            print(table.text)
            print("Wrote " + files.joined(separator: ", "))
        }
    }
}
