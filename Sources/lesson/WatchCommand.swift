import ArgumentParser
import Foundation
import LessonEngine
import LessonTerminal

/// `lesson watch [FILE]`: runs the lesson, then runs its stale cells again each time
/// the lesson or a file it reads is saved, until Ctrl-C.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run a lesson, then run its stale cells again each time it (or a CSV it reads) is saved.",
        discussion: """
        A save that changes a training fit or a cell before it stops that fit after its current batch \
        and runs again; other saves wait for the run to end. Ctrl-C stops a running fit cleanly and exits 0.
        """)

    @OptionGroup var lesson: LessonFileArgument
    @OptionGroup var flags: RunFlags

    func run() throws {
        try reportingErrors {
            var options = flags.options(for: try lesson.path())
            options.commandLine = CommandLine.arguments
            let interrupt = installInterruptHandler()
            let hooks = LessonWatcher.Hooks(
                stopRequested: { interrupt.isRequested },
                // While it only waits, Ctrl-C ends the watcher without the "Stopping after this batch" notice.
                waiting: { waitingAtPrompt.store($0, ordering: .sequentiallyConsistent) },
                say: { line in
                    print(line)
                    fflush(stdout)
                },
                showError: { error in
                    fflush(stdout)
                    FileHandle.standardError.write(Data((render(error, color: standardErrorIsColored()) + "\n").utf8))
                })
            try LessonWatcher(options: options, observer: TerminalObserver(quiet: flags.quiet, images: flags.inlineImages()),
                              hooks: hooks).run()
        }
    }
}
