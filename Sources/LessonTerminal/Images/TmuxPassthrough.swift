import Foundation

/// tmux draws its panes itself and drops escape sequences it does not know, graphics
/// among them, unless they come wrapped as `ESC P tmux; ... ESC \` with every ESC
/// inside doubled; tmux then hands the inside to the outer terminal as it is. It
/// does so only when `allow-passthrough` is on (tmux 3.3 and later; earlier tmux
/// always did).
enum TmuxPassthrough {
    static func wrap(_ sequence: String) -> String {
        "\u{1B}Ptmux;" + sequence.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }

    /// Whether `tmux show -gv allow-passthrough` printed a value that lets it through.
    static func allows(_ answer: String) -> Bool {
        let value = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        return value == "on" || value == "all"
    }
}
