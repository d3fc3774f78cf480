import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How text goes to the terminal: whether ANSI styling is used and how wide lines are.
/// Styling is on only when stdout is a terminal and `NO_COLOR` is unset or empty
/// (https://no-color.org); the width comes from the terminal, else `COLUMNS`, else 80.
public struct TerminalStyle: Equatable, Sendable {
    public var color: Bool
    public var width: Int
    /// Draws the pictures the prose links (`ProseImage`); nil leaves them as text.
    public var images: InlineImages?
    /// The folder the prose's image paths are relative to: the lesson's.
    public var imageFolder = "."

    public init(color: Bool, width: Int) {
        self.color = color
        self.width = max(20, width)
    }

    /// Plain text, 80 columns: what pipes and tests see.
    public static let plain = TerminalStyle(color: false, width: 80)

    /// Whether text written to `descriptor` gets colour: it is a terminal and `NO_COLOR`
    /// is unset or empty (no-color.org). The program's one rule for colour.
    public static func colors(_ descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        isatty(descriptor) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The style for standard output of this process.
    public static func standardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let color = colors(STDOUT_FILENO, environment: environment)
        var width = 80
        if let columns = terminalColumns() {
            width = columns
        } else if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            width = columns
        }
        return TerminalStyle(color: color, width: width)
    }

    /// How many columns the terminal on standard output has now (it can be resized
    /// while a program runs); nil when standard output is not a terminal.
    public static func terminalColumns() -> Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// `text` wrapped in the SGR `codes` (e.g. "1;4") when styling is on.
    public func styled(_ text: String, _ codes: String) -> String {
        color && !codes.isEmpty && !text.isEmpty ? "\u{1B}[\(codes)m\(text)\u{1B}[0m" : text
    }
}
