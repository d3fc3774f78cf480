import ArgumentParser
import Foundation
import LessonEngine
import LessonTerminal

/// `lesson run [FILE]`: runs every cell in order, or the ones asked for; with `--sweep`,
/// once per combination of values.
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

    @Flag(help: "Continue an interrupted fit from its last finished epoch (with the overrides it was started with).")
    var resume = false

    @Option(help: ArgumentHelp("Run the lesson once per value (repeatable: every combination, the first --sweep slowest).",
                               valueName: "NAME=v1,v2,..."))
    var sweep: [String] = []

    @Option(help: ArgumentHelp("Run only combinations K, K+N, K+2N, ... of the sweep (to spread it over machines).", valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if cell != nil && from != nil { throw ValidationError("give --cell or --from, not both") }
        if resume && force {
            throw ValidationError("give --resume or --force, not both: --resume continues an interrupted fit, --force trains again from the start")
        }
        if shard != nil && sweep.isEmpty { throw ValidationError("--shard splits a sweep: give --sweep NAME=v1,v2,... too") }
        if !sweep.isEmpty && (resume || cell != nil || from != nil) {
            throw ValidationError("a sweep runs whole lessons and continues by itself after Ctrl-C: leave out --resume, --cell and --from")
        }
    }

    func run() throws {
        try reportingErrors {
            var options = flags.options(for: try lesson.path())
            if let cell { options.selection = .only(cell) }
            if let from { options.selection = .from(from) }
            options.force = force
            options.resume = resume
            options.commandLine = CommandLine.arguments
            let observer = TerminalObserver(quiet: flags.quiet, images: flags.inlineImages())
            let interrupt = installInterruptHandler()
            guard !sweep.isEmpty else {
                try LessonRunner(options: options, observer: observer, interrupt: interrupt).run()
                return
            }
            let axes = try sweep.map(SweepAxis.parse)
            let summary = try SweepRunner(options: options, axes: axes, shard: try shard.map(SweepShard.parse),
                                          observer: observer, interrupt: interrupt).run()
            print("")
            print(summary.table.text)
            if summary.files.isEmpty {
                print("Shard done: \(summary.ran) combination\(summary.ran == 1 ? "" : "s"). Copy the result folders together "
                      + "and run lesson compare \(options.lessonPath) to see them all.")
            } else {
                print("Wrote " + summary.files.joined(separator: ", "))
            }
            if summary.failed > 0 {
                let lines = ["\(summary.failed) of \(summary.ran) combinations failed:"] + summary.failures.map { "  " + $0 }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                throw ExitCode(1)
            }
        }
    }
}
