import Plot
import Foundation

/// Draws PNG files in the terminal for `run` and `step`: a chart after a cell wrote
/// it, an image the prose links. One per program run, shared by whatever draws, so
/// the terminal is asked what it can do once, and only when the first picture is
/// about to be drawn (never by commands that draw none).
public final class InlineImages: @unchecked Sendable {
    public let mode: ImageMode
    let environment: [String: String]
    /// Whether standard output is a terminal: in `auto` mode nothing is drawn otherwise.
    let isTerminal: Bool
    /// Asks the terminal; replaced in tests.
    let probe: (_ environment: [String: String], _ forced: GraphicsProtocol?) -> TerminalGraphics
    /// A new id for a picture drawn with kitty's placeholders; fixed in tests.
    let newImageID: () -> KittyPlaceholder.ImageID
    private let lock = NSLock()
    private var graphics: TerminalGraphics?

    public convenience init(mode: ImageMode, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(mode: mode, environment: environment, isTerminal: isatty(STDOUT_FILENO) == 1, probe: GraphicsProbe.probe)
    }

    init(mode: ImageMode, environment: [String: String], isTerminal: Bool,
         probe: @escaping ([String: String], GraphicsProtocol?) -> TerminalGraphics,
         newImageID: @escaping () -> KittyPlaceholder.ImageID = KittyPlaceholder.ImageID.random) {
        self.mode = mode
        self.environment = environment
        self.isTerminal = isTerminal
        self.probe = probe
        self.newImageID = newImageID
    }

    /// Whether a chart with no picture gets the braille sketch: not with `none`, and
    /// outside a terminal only when braille was asked for by name.
    public var sketchesCharts: Bool { mode == .braille || (mode != .off && isTerminal) }

    /// What to write to show the PNG at `path` (relative to the current folder) at
    /// most `maxColumns` wide, cursor on the line after it; nil when this terminal
    /// gets no picture or the file is not a readable PNG.
    public func picture(file path: String, maxColumns: Int) -> String? {
        guard let chosen = graphicsProtocol(), let data = FileManager.default.contents(atPath: path) else { return nil }
        let png = [UInt8](data)
        guard let size = PNGHeader.size(png) else { return nil }
        let known = terminalGraphics()
        let window = TerminalWindow.current()
        let cell = window?.cell ?? known.answers.cellPixels ?? TerminalWindow.assumedCell
        // At most three fifths of the window, so the text around the picture stays in view.
        var rows = max(8, (window?.rows ?? TerminalWindow.assumedRows) * 3 / 5)
        if known.placeholders { rows = min(rows, KittyPlaceholder.diacritics.count) }
        let columns = min(maxColumns, window?.columns ?? maxColumns)
        let limit = chosen == .sixel ? known.answers.sixelMaximum : nil
        let layout = ImageLayout(imageWidth: size.width, imageHeight: size.height, cell: cell,
                                 maxColumns: columns, maxRows: rows, maxPixels: limit)
        let sequence: String
        switch chosen {
        case .kitty where known.placeholders:
            // Text tmux keeps and scrolls: no rows to reserve, the cells move the cursor themselves.
            let id = newImageID()
            return TmuxPassthrough.wrap(KittyPlaceholder.transmit(png: png, id: id, columns: layout.columns, rows: layout.rows))
                + KittyPlaceholder.cells(id: id, columns: layout.columns, rows: layout.rows)
        case .kitty:
            sequence = KittyImage.sequence(png: png, columns: layout.columns, rows: layout.rows)
        case .iterm:
            sequence = ITermImage.sequence(png: png, columns: layout.columns, rows: layout.rows)
        case .sixel:
            guard let decoded = try? PNGReader.read(path),
                  let image = RGBImage(width: decoded.width, height: decoded.height, rgba: decoded.pixels) else { return nil }
            // 16 registers is what a VT340 had, and what xterm offers unless told more.
            let colors = min(256, known.answers.colorRegisters ?? (known.answers.sixel ? 16 : 256))
            sequence = SixelImage.sequence(image.scaledDown(width: layout.pixelWidth, height: layout.pixelHeight), colors: colors)
        }
        return ImagePlacement.placed(known.throughTmux ? TmuxPassthrough.wrap(sequence) : sequence, rows: layout.rows)
    }

    /// The protocol pictures are drawn with here, or nil for none.
    func graphicsProtocol() -> GraphicsProtocol? {
        switch mode {
        case .off, .braille: return nil
        case .kitty: return .kitty
        case .iterm: return .iterm
        case .sixel: return .sixel
        case .auto: return isTerminal ? terminalGraphics().graphicsProtocol : nil
        }
    }

    /// The terminal's answers, asked for the first time they are needed. A forced
    /// protocol into a pipe asks nothing: the reader is not the terminal.
    private func terminalGraphics() -> TerminalGraphics {
        lock.lock()
        defer { lock.unlock() }
        if let graphics { return graphics }
        let forced: GraphicsProtocol? = mode == .auto ? nil : GraphicsProtocol(rawValue: mode.rawValue)
        let found = isTerminal ? probe(environment, forced) : TerminalGraphics(graphicsProtocol: forced)
        graphics = found
        return found
    }
}

/// One drawer per program run: two styles are alike only when they share it.
extension InlineImages: Equatable {
    public static func == (left: InlineImages, right: InlineImages) -> Bool { left === right }
}
