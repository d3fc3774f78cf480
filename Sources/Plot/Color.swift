import Foundation

/// An sRGB colour with straight (not premultiplied) alpha, 8 bits a channel.
public struct Color: Equatable, Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// `0xRRGGBB`, opaque.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xff), green: UInt8((hex >> 8) & 0xff), blue: UInt8(hex & 0xff))
    }

    /// The same colour with another opacity in [0, 1].
    public func withOpacity(_ opacity: Double) -> Color {
        var copy = self
        copy.alpha = UInt8((max(0, min(1, opacity)) * 255).rounded())
        return copy
    }

    public static let white = Color(hex: 0xFFFFFF)
    public static let black = Color(hex: 0x000000)
    /// Matplotlib's tab10 hues where a name matches, so charts look familiar.
    public static let red = Color(hex: 0xD62728)
    public static let blue = Color(hex: 0x1F77B4)
    public static let green = Color(hex: 0x2CA02C)
    public static let orange = Color(hex: 0xFF7F0E)
    public static let purple = Color(hex: 0x9467BD)
    public static let grey = Color(hex: 0x8C8C8C)
    /// Axis lines, tick labels and titles: near black, softer than pure black.
    public static let ink = Color(hex: 0x262626)
    /// Grid lines: light enough that data lines stay in front.
    public static let gridLine = Color(hex: 0xE6E6E6)

    /// Ten colours for charts of many runs, in order, without red (red is the truth's
    /// in every chart): the usual categorical blue, orange, green, purple, brown, pink,
    /// grey, olive and cyan, then navy.
    public static let cycle: [Color] = [
        .blue, .orange, .green, .purple, Color(hex: 0x8C564B), Color(hex: 0xE377C2),
        Color(hex: 0x7F7F7F), Color(hex: 0xBCBD22), Color(hex: 0x17BECF), Color(hex: 0x000080),
    ]

    /// The names a lesson may use (`plot(truth: "red")`), in the order errors list them.
    public static let names: [(name: String, color: Color)] = [
        ("red", .red), ("blue", .blue), ("green", .green), ("orange", .orange),
        ("purple", .purple), ("grey", .grey), ("gray", .grey), ("black", .black),
    ]

    /// Parses a colour name (case-insensitive) or `#rrggbb`.
    /// - Throws: `PlotError.unknownColor` listing the valid names.
    public init(named text: String) throws {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let found = Color.names.first(where: { $0.name == name }) {
            self = found.color
            return
        }
        if name.hasPrefix("#"), name.count == 7, let value = UInt32(name.dropFirst(), radix: 16) {
            self.init(hex: value)
            return
        }
        throw PlotError.unknownColor(text, valid: Color.names.map(\.name))
    }
}
