import Foundation

/// A PNG as iTerm2's inline image (iTerm2, WezTerm, VS Code's terminal):
/// `ESC ] 1337 ; File=inline=1;size=N;width=C;height=R;preserveAspectRatio=1:<base64> BEL`.
/// The terminal decodes the file itself; width and height are in cells, and with the
/// aspect ratio kept the picture fits inside the rows the caller reserved.
enum ITermImage {
    static func sequence(png: [UInt8], columns: Int, rows: Int) -> String {
        "\u{1B}]1337;File=inline=1;size=\(png.count);width=\(columns);height=\(rows);preserveAspectRatio=1:"
            + Data(png).base64EncodedString() + "\u{07}"
    }
}
