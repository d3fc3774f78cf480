import XCTest
@testable import LessonEngine
@testable import LessonLanguage
@testable import LessonTerminal

final class ProgressLineTests: XCTestCase {
    private let line = ProgressLine(epoch: 3, epochs: 68, batch: 6, batches: 11, timing: "4s 380ms/step",
                                    metrics: [("loss", "0.0123"), ("val_loss", "0.0100")])

    func testShortensToEveryWidthAndNeverFillsTheLastColumn() {
        let expected: [Int: String] = [
            100: "Epoch 3/68  6/11 ==========.......... 4s 380ms/step - loss: 0.0123 - val_loss: 0.0100",
            70: "Epoch 3/68  6/11 =========......... - loss: 0.0123 - val_loss: 0.0100",
            60: "Epoch 3/68  6/11 ====.... - loss: 0.0123 - val_loss: 0.0100",
            51: "Epoch 3/68  6/11 - loss: 0.0123 - val_loss: 0.0100",
            50: "Epoch 3/68 loss: 0.0123 val_loss: 0.0100",
            40: "3/68 loss 0.0123 val_loss 0.0100",
            30: "3/68 loss 0.0123",
            10: "3/68",
            3: "3/",
        ]
        for (width, text) in expected {
            XCTAssertEqual(line.render(width: width, style: .plain), text, "width \(width)")
        }
        for width in 1...120 {
            XCTAssertLessThan(line.render(width: width, style: .plain).count, max(2, width), "width \(width)")
        }
    }

    func testColourDrawsTheBarInTwoShades() {
        let full = ProgressLine(epoch: 1, epochs: 1, batch: 2, batches: 2, timing: "0s 1ms/step", metrics: [("loss", "1.0000")])
        XCTAssertEqual(full.render(width: 80, style: .plain), "Epoch 1/1  2/2 ==================== 0s 1ms/step - loss: 1.0000")
        let coloured = line.render(width: 100, style: TerminalStyle(color: true, width: 100))
        XCTAssertTrue(coloured.contains("\u{1B}[32m━━━━━━━━━━\u{1B}[0m\u{1B}[2m━━━━━━━━━━\u{1B}[0m"), coloured)
    }
}
