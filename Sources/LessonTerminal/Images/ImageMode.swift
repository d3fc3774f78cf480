/// How pictures (the charts a cell writes, the images a lesson's prose links) are
/// shown in the terminal: `--images` on `run` and `step`, or `LESSON_IMAGES`.
/// `auto` finds out what the terminal can draw and never writes graphics escapes
/// when standard output is not a terminal; the others force their way, even into a
/// pipe (like `--color=always`), so a person can see or save what would be drawn.
public enum ImageMode: String, CaseIterable, Sendable {
    case auto
    /// The kitty graphics protocol (kitty, Ghostty, WezTerm, Konsole).
    case kitty
    /// iTerm2's inline images (iTerm2, WezTerm, VS Code's terminal).
    case iterm
    /// DEC sixel graphics (xterm -ti vt340, foot, mlterm, Windows Terminal, VS Code).
    case sixel
    /// The braille sketch of a chart, in any terminal.
    case braille
    /// No pictures at all: prose shows `[image: alt, path]`, charts nothing. Spelt
    /// `none` on the command line; named `off` here so it cannot be taken for `Optional.none`.
    case off = "none"

    /// The environment variable that chooses the mode when `--images` is not given.
    public static let environmentVariable = "LESSON_IMAGES"

    /// The mode chosen by the flag, else by `LESSON_IMAGES`, else `auto`. An unknown
    /// value in the environment is ignored (with the reason in `warning`) rather than
    /// stopping the run: the variable may be set for another version of the program.
    public static func chosen(flag: ImageMode?, environment: [String: String]) -> (mode: ImageMode, warning: String?) {
        if let flag { return (flag, nil) }
        guard let text = environment[environmentVariable], !text.isEmpty else { return (.auto, nil) }
        if let mode = ImageMode(rawValue: text.lowercased()) { return (mode, nil) }
        let known = allCases.map(\.rawValue).joined(separator: "|")
        return (.auto, "\(environmentVariable)=\(text) is not one of \(known): using auto")
    }
}
