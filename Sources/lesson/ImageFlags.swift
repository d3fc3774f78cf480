import ArgumentParser
import Foundation
import LessonEngine
import LessonTerminal

/// `--images`: how the commands that show charts (`run`, `step`, `watch`, `compare`)
/// draw them, and `step` the prose's images.
struct ImageFlags: ParsableArguments {
    @Option(help: ArgumentHelp("How charts and the prose's images show: auto (pictures where the terminal can draw them, "
                               + "else braille), a protocol forced even into a pipe, braille sketches, or none. "
                               + "Default: $LESSON_IMAGES, else auto.",
                               valueName: "auto|kitty|iterm|sixel|braille|none"))
    var images: ImageMode?

    /// The picture drawer for `--images`, else `LESSON_IMAGES`, else auto; warns about
    /// a `LESSON_IMAGES` it does not know.
    func inlineImages() -> InlineImages {
        let environment = ProcessInfo.processInfo.environment
        let chosen = ImageMode.chosen(flag: images, environment: environment)
        if let warning = chosen.warning { FileHandle.standardError.write(Data(("lesson: " + warning + "\n").utf8)) }
        return InlineImages(mode: chosen.mode, environment: environment)
    }
}

extension ImageMode: ExpressibleByArgument {}
