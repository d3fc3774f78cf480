import Foundation

/// What is known about drawing in this terminal once it has been asked.
struct TerminalGraphics: Equatable {
    /// nil: no pictures here (the braille sketch or text instead).
    var graphicsProtocol: GraphicsProtocol?
    var answers = TerminalAnswers([])
    /// Inside tmux with passthrough on: sequences go wrapped (`TmuxPassthrough`).
    var throughTmux = false
    /// Inside tmux, kitty pictures are drawn with Unicode placeholders (`KittyPlaceholder`):
    /// the terminal outside draws them.
    var placeholders = false
}

/// Finds out what the terminal can draw; called once, and only when a picture is
/// about to be drawn, because asking takes a round trip to the terminal. Inside tmux
/// pictures need `allow-passthrough`; without it there are none.
enum GraphicsProbe {
    /// kitty's query (a 1×1 picture with `a=q`: checked, never shown), the cell size
    /// in pixels, and the device attributes, which every terminal answers, last.
    static let firstQuestion = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\" + "\u{1B}[16t" + "\u{1B}[c"
    /// For sixel terminals only (others might read `CSI ? ... S` as "scroll up"): the
    /// colour registers and the largest picture, then the device attributes again.
    static let sixelQuestion = "\u{1B}[?1;1;0S" + "\u{1B}[?2;1;0S" + "\u{1B}[c"

    /// `forced` skips choosing but still asks for sizes and limits.
    static func probe(environment: [String: String], forced: GraphicsProtocol?) -> TerminalGraphics {
        var environment = environment
        let throughTmux = environment["TMUX"] != nil
        var client = (name: "", type: "")
        if throughTmux {
            guard let passthrough = tmux(["show", "-gv", "allow-passthrough"]), TmuxPassthrough.allows(passthrough) else {
                return TerminalGraphics(graphicsProtocol: nil)
            }
            client = tmuxClient()
            environment = outside(environment, client: client)
        }
        // Inside tmux the questions go through to the terminal outside, which answers
        // them itself (tmux would answer the device attributes for itself otherwise).
        func ask(_ question: String) -> TerminalAnswers? {
            TerminalQuery.ask(throughTmux ? TmuxPassthrough.wrap(question) : question,
                              until: TerminalAnswers.endsWithDeviceAttributes).map(TerminalAnswers.init)
        }
        var answers = ask(firstQuestion)
        let chosen = forced ?? GraphicsDetection.choose(environment: environment, answers: answers)
        if chosen == .sixel, answers?.sixel == true, let limits = ask(sixelQuestion) {
            answers?.colorRegisters = limits.colorRegisters
            answers?.sixelMaximum = limits.sixelMaximum
        }
        return TerminalGraphics(graphicsProtocol: chosen, answers: answers ?? TerminalAnswers([]), throughTmux: throughTmux,
                                placeholders: throughTmux && chosen == .kitty
                                    && KittyPlaceholder.supported(termName: client.name, termType: client.type))
    }

    /// The environment as the terminal outside tmux would have set it, as far as tmux
    /// tells of its client (its TERM, and from tmux 3.3 its name and version): tmux
    /// sets TERM and TERM_PROGRAM for itself, hiding iTerm2 and WezTerm.
    private static func outside(_ environment: [String: String], client: (name: String, type: String)) -> [String: String] {
        var outer = environment
        outer["TERM_PROGRAM"] = nil
        outer["TERM"] = client.name
        let type = client.type.lowercased()
        if type.hasPrefix("iterm2") { outer["TERM_PROGRAM"] = "iTerm.app" }
        if type.hasPrefix("wezterm") { outer["TERM_PROGRAM"] = "WezTerm" }
        return outer
    }

    /// The terminal tmux's client runs in: its TERM and (from tmux 3.3) its own name and
    /// version as it answered XTVERSION (`kitty(0.35.2)`); empty where tmux does not say.
    private static func tmuxClient() -> (name: String, type: String) {
        let fields = (tmux(["display", "-p", "#{client_termname}\t#{client_termtype}"]) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\t")
        return (fields.first ?? "", fields.count > 1 ? fields[1] : "")
    }

    /// What a tmux command prints; nil when tmux cannot be run or fails.
    private static func tmux(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
