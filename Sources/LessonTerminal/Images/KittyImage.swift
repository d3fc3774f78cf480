import Foundation

/// A PNG as kitty graphics protocol commands (kitty, Ghostty, WezTerm, Konsole):
/// `ESC _ G a=T,f=100,... ; <base64> ESC \`. The terminal decodes the PNG itself, so
/// the file's bytes go as they are; the protocol limits a command's payload to 4096
/// bytes, so longer base64 is split, every command but the last saying `m=1`.
enum KittyImage {
    static let chunkSize = 4096

    /// Commands that show `png` over `columns` × `rows` cells at the cursor.
    /// `C=1` keeps the cursor where it is, because the caller has reserved the rows
    /// (see `ImagePlacement`), and `q=2` silences the terminal's `OK`, which would
    /// otherwise arrive as input and be typed into the next prompt.
    static func sequence(png: [UInt8], columns: Int, rows: Int) -> String {
        commands(png: png, keys: "a=T,f=100,c=\(columns),r=\(rows),C=1,q=2")
    }

    /// `png` base64-encoded in commands of at most `chunkSize` payload bytes, `keys`
    /// on the first, `m=1` on every one but the last.
    static func commands(png: [UInt8], keys: String) -> String {
        let payload = Array(Data(png).base64EncodedString().utf8)
        var commands = ""
        var start = 0
        repeat {
            let end = min(start + chunkSize, payload.count)
            let more = end < payload.count ? 1 : 0
            commands += "\u{1B}_G" + (start == 0 ? keys + "," : "") + "m=\(more);"
                + String(decoding: payload[start..<end], as: UTF8.self) + "\u{1B}\\"
            start = end
        } while start < payload.count
        return commands
    }
}
