import Foundation
import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

/// kitty's Unicode placeholders, byte for byte: the spec's own examples, the table of
/// marks made again from its rule, and when tmux's outer terminal gets them.
final class KittyPlaceholderTests: XCTestCase {
    /// The kitty graphics protocol's example: image 33554474 = 42 + (2 << 24) over 2 × 2
    /// cells is `ESC[38;5;42m` and per cell U+10EEEE, the row's mark, the column's mark
    /// and the high byte's mark (0 is U+0305, 1 U+030D, 2 U+030E).
    func testCellsSayRowColumnAndTheIdsHighByte() {
        let id = KittyPlaceholder.ImageID(low: 42, high: 2)
        XCTAssertEqual(id.value, 33_554_474)
        XCTAssertEqual(KittyPlaceholder.cells(id: id, columns: 2, rows: 2),
                       "\u{1B}[38;5;42m\u{10EEEE}\u{0305}\u{0305}\u{030E}\u{10EEEE}\u{0305}\u{030D}\u{030E}\u{1B}[39m\n"
                       + "\u{1B}[38;5;42m\u{10EEEE}\u{030D}\u{0305}\u{030E}\u{10EEEE}\u{030D}\u{030D}\u{030E}\u{1B}[39m\n")
    }

    func testTheImageIsSentWithAVirtualPlacement() {
        XCTAssertEqual(KittyPlaceholder.transmit(png: [0x89, 0x50, 0x4E, 0x47], id: KittyPlaceholder.ImageID(low: 42, high: 2),
                                                 columns: 4, rows: 2),
                       "\u{1B}_Ga=T,U=1,f=100,i=33554474,c=4,r=2,q=2,m=0;iVBORw==\u{1B}\\")
        // Long payloads are chunked as direct placements are: the keys on the first command only.
        let sequence = KittyPlaceholder.transmit(png: [UInt8](repeating: 0, count: 3074), id: KittyPlaceholder.ImageID(low: 16, high: 1),
                                                 columns: 80, rows: 20)
        XCTAssertEqual(sequence, "\u{1B}_Ga=T,U=1,f=100,i=16777232,c=80,r=20,q=2,m=1;" + String(repeating: "A", count: 4096)
                       + "\u{1B}\\" + "\u{1B}_Gm=0;AAA=\u{1B}\\")
    }

    /// The table is kitty's: the marks of combining class 230 (above) in Unicode 6.0
    /// without a decomposition, less those normalisation may fuse with a letter, in
    /// code point order; ours is its first 213.
    func testTheMarksFollowKittysRule() throws {
        let fused: Set<UInt32> = [0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0306, 0x0307, 0x0308, 0x0309, 0x030A, 0x030B,
                                  0x030C, 0x030F, 0x0311, 0x0313, 0x0314, 0x0342, 0x0653, 0x0654]
        var rule: [UInt32] = []
        for value in UInt32(0x0300)...UInt32(0xFFFF) where !fused.contains(value) && rule.count < KittyPlaceholder.diacritics.count {
            guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age, age.major < 6 || (age.major == 6 && age.minor == 0),
                  scalar.properties.generalCategory == .nonspacingMark, scalar.properties.canonicalCombiningClass.rawValue == 230,
                  String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars.map(\.value) == [value] else { continue }
            rule.append(value)
        }
        XCTAssertEqual(KittyPlaceholder.diacritics.count, 213)
        XCTAssertEqual(KittyPlaceholder.diacritics, rule)
        XCTAssertEqual(KittyPlaceholder.diacritics.prefix(3), [0x0305, 0x030D, 0x030E])
    }

    func testIdsTravelAsA256ColourAndAMark() {
        for _ in 0..<1000 {
            let id = KittyPlaceholder.ImageID.random()
            XCTAssertTrue((16...255).contains(id.low), "\(id)")
            XCTAssertTrue((1..<KittyPlaceholder.diacritics.count).contains(id.high), "\(id)")
        }
    }

    /// tmux names the terminal outside by its XTVERSION answer (`client_termtype`) and
    /// its TERM: kitty from 0.28 and Ghostty draw placeholders; an older or unknown kitty,
    /// WezTerm and Konsole get the direct placement.
    func testPlaceholdersOnlyWhereTheTerminalOutsideDrawsThem() {
        let cases: [(name: String, type: String, supported: Bool)] = [
            ("xterm-kitty", "kitty(0.26.5)", false), ("xterm-kitty", "kitty(0.28.0)", true), ("xterm-kitty", "kitty(0.35.2)", true),
            ("xterm-kitty", "kitty(1.0)", true), ("xterm-kitty", "", false), ("xterm-ghostty", "", true),
            ("xterm-256color", "ghostty 1.1.0", true), ("xterm-256color", "WezTerm 20240203", false),
            ("xterm-256color", "", false),
        ]
        for (name, type, supported) in cases {
            XCTAssertEqual(KittyPlaceholder.supported(termName: name, termType: type), supported, "\(name) \(type)")
        }
    }
}
