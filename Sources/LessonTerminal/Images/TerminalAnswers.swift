/// What a terminal answered to the graphics questions `GraphicsProbe` asks, read from
/// the bytes it sent back (answers may come in any mix, and a terminal ignores the
/// questions it does not know):
/// - kitty's graphics query: `ESC _ G i=31 ; OK ESC \` when it can draw kitty images;
/// - primary device attributes, `ESC [ ? 6x ; ... c`: a parameter 4 means sixel;
/// - XTSMGRAPHICS, `ESC [ ? 1 ; 0 ; N S` (N colour registers) and
///   `ESC [ ? 2 ; 0 ; W ; H S` (the largest sixel picture), status 0 meaning success;
/// - `ESC [ 6 ; H ; W t`: one cell's size in pixels.
struct TerminalAnswers: Equatable {
    var kittyGraphics = false
    /// The primary device attributes' parameters; nil when they did not arrive.
    var deviceAttributes: [Int]?
    var colorRegisters: Int?
    var sixelMaximum: PixelSize?
    var cellPixels: PixelSize?

    var sixel: Bool { deviceAttributes?.contains(4) ?? false }

    init(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x1B, index + 1 < bytes.count else { index += 1; continue }
            switch bytes[index + 1] {
            case UInt8(ascii: "_"):
                let end = TerminalAnswers.stringTerminator(bytes, from: index + 2) ?? bytes.count
                let body = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
                if body.hasPrefix("G"), body.contains("i=31"), body.hasSuffix(";OK") { kittyGraphics = true }
                index = end
            case UInt8(ascii: "["):
                index = controlSequence(bytes, from: index + 2)
            default:
                index += 1
            }
        }
    }

    /// Reads one `ESC [` sequence starting after the bracket; returns where it ends.
    private mutating func controlSequence(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        let isPrivate = index < bytes.count && bytes[index] == UInt8(ascii: "?")
        if isPrivate { index += 1 }
        var text = ""
        while index < bytes.count, (0x30...0x3F).contains(bytes[index]) {
            text.append(Character(UnicodeScalar(bytes[index])))
            index += 1
        }
        guard index < bytes.count else { return index }
        let parameters = text.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        switch (isPrivate, bytes[index]) {
        case (true, UInt8(ascii: "c")):
            deviceAttributes = parameters
        case (true, UInt8(ascii: "S")) where parameters.count >= 3 && parameters[1] == 0:
            if parameters[0] == 1 { colorRegisters = parameters[2] }
            if parameters[0] == 2, parameters.count >= 4 { sixelMaximum = PixelSize.positive(width: parameters[2], height: parameters[3]) }
        case (false, UInt8(ascii: "t")) where parameters.count >= 3 && parameters[0] == 6:
            cellPixels = PixelSize.positive(width: parameters[2], height: parameters[1])
        default:
            break
        }
        return index + 1
    }

    /// The index of the ESC of the next `ESC \` from `start`, or nil.
    private static func stringTerminator(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x1B && bytes[index + 1] == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return nil
    }

    /// Whether `bytes` hold a complete device-attributes answer. Terminals answer in
    /// order and every terminal answers this one, so it is asked last and its answer
    /// means all the others that will come have come.
    static func endsWithDeviceAttributes(_ bytes: [UInt8]) -> Bool {
        TerminalAnswers(bytes).deviceAttributes != nil
    }
}
