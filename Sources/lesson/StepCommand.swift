import ArgumentParser
import Foundation
import LessonEngine
import LessonTerminal

/// `lesson step [FILE]`: walks the lesson cell by cell, asking before each.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step", abstract: "Walk a lesson cell by cell: prose, the cell, then run / re-run / skip / jump / list / quit.")

    @OptionGroup var lesson: LessonFileArgument
    @OptionGroup var flags: RunFlags

    func run() throws {
        try reportingErrors {
            let options = flags.options(for: try lesson.path())
            let images = flags.inlineImages()
            let observer = TerminalObserver(quiet: flags.quiet, images: images)
            var style = TerminalStyle.standardOutput()
            style.images = images
            style.imageFolder = (options.lessonPath as NSString).deletingLastPathComponent
            let interrupt = installInterruptHandler()
            let reader = PromptReader(interrupt: interrupt)
            let stepper = LessonStepper(
                options: options, observer: observer, interrupt: interrupt, style: style,
                readLine: reader.readLine,
                write: { text in
                    // The prompt stays on its line; stdout is flushed so it shows before input is read.
                    // From the moment it shows, Ctrl-C means "quit" (no "Stopping" notice).
                    let isPrompt = text.hasSuffix("> ")
                    if isPrompt { waitingAtPrompt.store(true, ordering: .sequentiallyConsistent) }
                    print(text, terminator: isPrompt ? "" : "\n")
                    fflush(stdout)
                },
                writeError: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) })
            switch try stepper.run() {
            case .finished(let status):
                if status != 0 { throw ExitCode(status) }
            case .interrupted:
                throw ExitCode(128 + stopSignal.load(ordering: .sequentiallyConsistent))
            }
        }
    }
}
