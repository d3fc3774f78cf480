/// The ways of drawing a picture in a terminal this program knows.
enum GraphicsProtocol: String, Equatable {
    case kitty, iterm, sixel
}

/// Which protocol a terminal gets, from its environment and its answers. The answers
/// win where they are clear (a terminal that answers kitty's query draws kitty
/// images; one whose device attributes include 4 draws sixel); the environment
/// decides where no answer can tell (iTerm2's protocol has no query) and stands in
/// when the terminal did not answer in time.
enum GraphicsDetection {
    /// `answers` is nil when the terminal was not asked or did not answer.
    static func choose(environment: [String: String], answers: TerminalAnswers?) -> GraphicsProtocol? {
        let program = environment["TERM_PROGRAM"] ?? ""
        // iTerm2 answers no kitty query, and WezTerm's iTerm2 images are its most complete kind.
        if program == "iTerm.app" || program == "WezTerm" { return .iterm }
        if let answers, answers.deviceAttributes != nil || answers.kittyGraphics {
            if answers.kittyGraphics { return .kitty }
            // VS Code says sixel only when its images are on, and then reads iTerm2's PNGs too, which look better.
            if answers.sixel { return program == "vscode" ? .iterm : .sixel }
            return nil
        }
        return guess(environment)
    }

    /// What the environment variables alone suggest.
    static func guess(_ environment: [String: String]) -> GraphicsProtocol? {
        let term = environment["TERM"] ?? ""
        let program = (environment["TERM_PROGRAM"] ?? "").lowercased()
        if environment["KITTY_WINDOW_ID"] != nil || term == "xterm-kitty" || term == "xterm-ghostty" || program == "ghostty"
            || environment["KONSOLE_VERSION"] != nil {
            return .kitty
        }
        if program == "iterm.app" || program == "wezterm" { return .iterm }
        if term.hasPrefix("foot") || term.hasPrefix("mlterm") || environment["WT_SESSION"] != nil { return .sixel }
        return nil
    }
}
