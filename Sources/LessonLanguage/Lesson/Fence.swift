/// A CommonMark code fence: a line of three or more backticks or tildes, indented by at
/// most three spaces, followed by an info string. Shared by the lesson parser (which
/// turns some fences into cells) and the prose renderer (which shows the others as code).
public struct Fence: Equatable {
    /// "`" or "~".
    public var character: Character
    /// Number of fence characters; the closing fence needs at least as many.
    public var length: Int
    /// Spaces before the fence (0...3); removed from each content line, up to this many.
    public var indentation: Int
    /// The info string with surrounding spaces removed.
    public var info: String
    /// 1-based column where the info string starts (for error carets).
    public var infoColumn: Int

    /// The fence opened by `line`, or nil when the line does not open one.
    /// A backtick fence whose info string contains a backtick is not a fence
    /// (CommonMark: it would be an inline code span).
    public static func opening(_ line: String) -> Fence? {
        let characters = Array(line)
        var i = 0
        while i < characters.count && characters[i] == " " { i += 1 }
        let indentation = i
        guard indentation <= 3, i < characters.count else { return nil }
        let mark = characters[i]
        guard mark == "`" || mark == "~" else { return nil }
        while i < characters.count && characters[i] == mark { i += 1 }
        let length = i - indentation
        guard length >= 3 else { return nil }
        let rest = characters[i...]
        if mark == "`" && rest.contains("`") { return nil }
        var infoStart = i
        while infoStart < characters.count && (characters[infoStart] == " " || characters[infoStart] == "\t") {
            infoStart += 1
        }
        let info = String(characters[infoStart...]).trimmingTrailingWhitespace()
        return Fence(character: mark, length: length, indentation: indentation,
                     info: info, infoColumn: infoStart + 1)
    }

    /// Whether `line` closes this fence: at most three spaces, then at least `length`
    /// of the same character, then only spaces or tabs.
    public func isClosed(by line: String) -> Bool {
        let characters = Array(line)
        var i = 0
        while i < characters.count && characters[i] == " " { i += 1 }
        guard i <= 3 else { return false }
        let start = i
        while i < characters.count && characters[i] == character { i += 1 }
        guard i - start >= length else { return false }
        return characters[i...].allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// A content line with up to `indentation` leading spaces removed, and how many were.
    public func strip(_ line: String) -> (text: String, removed: Int) {
        var removed = 0
        var rest = Substring(line)
        while removed < indentation, rest.first == " " {
            rest = rest.dropFirst()
            removed += 1
        }
        return (String(rest), removed)
    }
}

public extension String {
    public func trimmingTrailingWhitespace() -> String {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return String(self[..<end])
    }

    public func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" })).trimmingTrailingWhitespace()
    }
}
