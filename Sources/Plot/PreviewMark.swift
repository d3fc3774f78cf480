/// How the braille preview tells series apart without colour (`NO_COLOR`, or not a
/// terminal that shows it): the first series is drawn solid, the second dashed (3
/// dots on, 3 off along its path), the third dotted (every fourth dot), and so on
/// round. The legend shows each mark's sample and name.
enum PreviewMark: CaseIterable {
    case solid, dashed, dotted

    static func of(series index: Int) -> PreviewMark { allCases[index % allCases.count] }

    /// Whether the `n`th dot along a series' path is drawn.
    func draws(_ n: Int) -> Bool {
        switch self {
        case .solid: return true
        case .dashed: return n % 6 < 3
        case .dotted: return n % 4 == 0
        }
    }

    var name: String {
        switch self {
        case .solid: return "solid"
        case .dashed: return "dashed"
        case .dotted: return "dotted"
        }
    }

    /// A short horizontal line drawn with this mark: 4 braille cells, 8 dots along
    /// their second row (`⠒⠂⠀⠒` dashed).
    var sample: String {
        let secondRow = TerminalPreview.dotBits[0][1] | TerminalPreview.dotBits[1][1]
        return String((0..<4).map { cell -> Character in
            let bits = (0..<2).reduce(UInt32(0)) { sum, half in
                draws(cell * 2 + half) ? sum | TerminalPreview.dotBits[half][1] : sum
            }
            return Character(Unicode.Scalar(0x2800 + (bits & secondRow)) ?? " ")
        })
    }
}
