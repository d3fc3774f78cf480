import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The terminal window on standard output as `TIOCGWINSZ` tells it: columns, rows
/// and, where the terminal fills them in, its size in pixels, from which a cell's size.
struct TerminalWindow: Equatable {
    var columns: Int
    var rows: Int
    /// nil when the terminal leaves the pixel fields zero (many do; then `ESC [ 16 t` may tell).
    var cell: PixelSize?

    /// What a cell is taken to be when nothing tells: a common 10 × 20 pixels.
    static let assumedCell = PixelSize(width: 10, height: 20)
    static let assumedRows = 24

    static func current() -> TerminalWindow? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
            return nil
        }
        let cell = PixelSize.positive(width: Int(size.ws_xpixel) / Int(size.ws_col), height: Int(size.ws_ypixel) / Int(size.ws_row))
        return TerminalWindow(columns: Int(size.ws_col), rows: Int(size.ws_row), cell: cell)
    }
}
