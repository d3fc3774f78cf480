/// kitty's Unicode placeholders (kitty 0.28 and later, Ghostty), for pictures inside
/// tmux. The PNG is sent once with a virtual placement (`U=1`: `c` columns by `r`
/// rows, shown nowhere yet); then the picture is drawn by ordinary text: each of its
/// cells is the private-use character U+10EEEE followed by combining marks that say
/// its row, its column and the image id's high byte, in a 256-colour foreground that
/// says the id's low byte. tmux keeps that text in its grid like any other, scrolls and
/// redraws it, and the terminal draws the picture's part for each cell wherever the
/// cell is; a direct placement, which tmux knows nothing of, is left behind when tmux
/// scrolls the pane.
enum KittyPlaceholder {
    /// The character every cell of the picture is.
    static let cell = "\u{10EEEE}"

    /// The combining marks that stand for 0, 1, 2, ...: kitty's table of the
    /// combining-class-230 marks of Unicode 6.0 that have no decomposition (a few that
    /// normalisation could fuse with a letter left out), in code point order. A picture
    /// is therefore at most this many cells wide and high, and the id's high byte at
    /// most this many less one.
    static let diacritics: [UInt32] = [
        0x0305, 0x030D, 0x030E, 0x0310, 0x0312, 0x033D, 0x033E, 0x033F, 0x0346, 0x034A, 0x034B, 0x034C,
        0x0350, 0x0351, 0x0352, 0x0357, 0x035B, 0x0363, 0x0364, 0x0365, 0x0366, 0x0367, 0x0368, 0x0369,
        0x036A, 0x036B, 0x036C, 0x036D, 0x036E, 0x036F, 0x0483, 0x0484, 0x0485, 0x0486, 0x0487, 0x0592,
        0x0593, 0x0594, 0x0595, 0x0597, 0x0598, 0x0599, 0x059C, 0x059D, 0x059E, 0x059F, 0x05A0, 0x05A1,
        0x05A8, 0x05A9, 0x05AB, 0x05AC, 0x05AF, 0x05C4, 0x0610, 0x0611, 0x0612, 0x0613, 0x0614, 0x0615,
        0x0616, 0x0617, 0x0657, 0x0658, 0x0659, 0x065A, 0x065B, 0x065D, 0x065E, 0x06D6, 0x06D7, 0x06D8,
        0x06D9, 0x06DA, 0x06DB, 0x06DC, 0x06DF, 0x06E0, 0x06E1, 0x06E2, 0x06E4, 0x06E7, 0x06E8, 0x06EB,
        0x06EC, 0x0730, 0x0732, 0x0733, 0x0735, 0x0736, 0x073A, 0x073D, 0x073F, 0x0740, 0x0741, 0x0743,
        0x0745, 0x0747, 0x0749, 0x074A, 0x07EB, 0x07EC, 0x07ED, 0x07EE, 0x07EF, 0x07F0, 0x07F1, 0x07F3,
        0x0816, 0x0817, 0x0818, 0x0819, 0x081B, 0x081C, 0x081D, 0x081E, 0x081F, 0x0820, 0x0821, 0x0822,
        0x0823, 0x0825, 0x0826, 0x0827, 0x0829, 0x082A, 0x082B, 0x082C, 0x082D, 0x0951, 0x0953, 0x0954,
        0x0F82, 0x0F83, 0x0F86, 0x0F87, 0x135D, 0x135E, 0x135F, 0x17DD, 0x193A, 0x1A17, 0x1A75, 0x1A76,
        0x1A77, 0x1A78, 0x1A79, 0x1A7A, 0x1A7B, 0x1A7C, 0x1B6B, 0x1B6D, 0x1B6E, 0x1B6F, 0x1B70, 0x1B71,
        0x1B72, 0x1B73, 0x1CD0, 0x1CD1, 0x1CD2, 0x1CDA, 0x1CDB, 0x1CE0, 0x1DC0, 0x1DC1, 0x1DC3, 0x1DC4,
        0x1DC5, 0x1DC6, 0x1DC7, 0x1DC8, 0x1DC9, 0x1DCB, 0x1DCC, 0x1DD1, 0x1DD2, 0x1DD3, 0x1DD4, 0x1DD5,
        0x1DD6, 0x1DD7, 0x1DD8, 0x1DD9, 0x1DDA, 0x1DDB, 0x1DDC, 0x1DDD, 0x1DDE, 0x1DDF, 0x1DE0, 0x1DE1,
        0x1DE2, 0x1DE3, 0x1DE4, 0x1DE5, 0x1DE6, 0x1DFE, 0x20D0, 0x20D1, 0x20D4, 0x20D5, 0x20D6, 0x20D7,
        0x20DB, 0x20DC, 0x20E1, 0x20E7, 0x20E9, 0x20F0, 0x2CEF, 0x2CF0, 0x2CF1,
    ]

    /// An image id that survives tmux: the low byte travels as the cells' foreground
    /// colour `38;5;N`, so it is 16...255 (tmux may rewrite colours 0...15 as the
    /// basic colours' own codes, and outside true colour it would round an RGB
    /// colour); the high byte travels as the third mark; the middle bytes are zero.
    struct ImageID: Equatable {
        let low: Int
        let high: Int

        /// The id as the graphics command gives it: `low + high << 24`.
        var value: UInt32 { UInt32(low) | UInt32(high) << 24 }

        /// A random id, so pictures of this run and of earlier ones still on the
        /// screen (whose cells would show the new picture if it took their id) are
        /// unlikely to share one: 240 × 212 ids.
        static func random() -> ImageID {
            ImageID(low: Int.random(in: 16...255), high: Int.random(in: 1..<KittyPlaceholder.diacritics.count))
        }
    }

    /// The commands that send `png` as image `id` with a virtual placement of
    /// `columns` × `rows` cells (chunked as `KittyImage` does; `q=2` keeps the
    /// terminal's answers out of the input).
    static func transmit(png: [UInt8], id: ImageID, columns: Int, rows: Int) -> String {
        KittyImage.commands(png: png, keys: "a=T,U=1,f=100,i=\(id.value),c=\(columns),r=\(rows),q=2")
    }

    /// The text that shows image `id`: `rows` lines of `columns` cells, each line in
    /// the id's colour and ended by a newline, so the cursor ends on the line after
    /// the picture. Every cell names its row and column, so a line tmux redraws only in
    /// part still shows the right part of the picture. At most `diacritics.count` rows
    /// and columns are drawn.
    static func cells(id: ImageID, columns: Int, rows: Int) -> String {
        let marks = diacritics.compactMap { Unicode.Scalar($0).map(String.init) }
        let columns = min(columns, marks.count)
        let high = marks[max(0, min(id.high, marks.count - 1))]
        var text = ""
        for row in 0..<min(rows, marks.count) {
            text += "\u{1B}[38;5;\(id.low)m"
            for column in 0..<columns { text += cell + marks[row] + marks[column] + high }
            text += "\u{1B}[39m\n"
        }
        return text
    }

    /// Whether the terminal outside tmux draws placeholders, as tmux names it: its
    /// XTVERSION answer (`client_termtype`, as `kitty(0.35.2)` or `ghostty 1.1.0`), else
    /// its TERM. A kitty whose version is not known might be older than 0.28, which
    /// would show the cells as unknown characters, so it gets the direct placement.
    static func supported(termName: String, termType: String) -> Bool {
        let type = termType.lowercased()
        if type.hasPrefix("ghostty") || termName == "xterm-ghostty" { return true }
        guard type.hasPrefix("kitty("), let close = type.firstIndex(of: ")") else { return false }
        let version = type[type.index(type.startIndex, offsetBy: 6)..<close].split(separator: ".").map { Int($0) ?? 0 }
        return version.lexicographicallyPrecedes([0, 28]) == false
    }
}
