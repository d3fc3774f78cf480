/// Where a picture goes and where the cursor is after it. Terminals disagree about
/// where they leave the cursor after a picture (below it, on its last row, or where
/// it was), and tmux does not know a picture was drawn at all; so the rows are made
/// first with newlines (scrolling the screen if needed), the cursor goes back up to
/// the first of them, the picture is drawn between save and restore cursor, and the
/// cursor goes down past it. Then text continues on the line after the picture
/// whatever the terminal did.
enum ImagePlacement {
    static func placed(_ picture: String, rows: Int) -> String {
        guard rows > 0 else { return picture }
        return String(repeating: "\n", count: rows) + "\u{1B}[\(rows)A" + "\u{1B}7" + picture + "\u{1B}8" + "\u{1B}[\(rows)B"
    }
}
