import Foundation
import XCTest
@testable import LSTMCore

final class HistoryCSVTests: XCTestCase {
    /// Doubles whose Python repr switches notation or needs 17 digits.
    private let awkward: [Double] = [0.1, 1e-05, 0.0001, 1e16, 1e15, 0.30000000000000004, .leastNonzeroMagnitude, 123456789.123, 2.5]

    private var history: [EpochLog] {
        awkward.enumerated().map { index, value in
            EpochLog(epoch: index + 1, loss: value, valLoss: index == 2 ? nil : value / 3, seconds: Double(index) + 0.25)
        }
    }

    func testTextUsesPythonReprAndRoundTripsEveryBit() throws {
        let text = HistoryCSV.text(history)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.prefix(4), [
            "epoch,loss,val_loss,seconds",
            "1,0.1,0.03333333333333333,0.25",
            "2,1e-05,3.3333333333333337e-06,1.25",   // Python: repr(1e-05 / 3)
            "3,0.0001,,2.25",
        ])
        XCTAssertEqual(lines[4], "4,1e+16,3333333333333333.5,3.25")
        XCTAssertEqual(lines[5], "5,1000000000000000.0,333333333333333.3,4.25")

        let path = try temporaryFolder() + "/history.csv"
        try HistoryCSV.write(history, to: path)
        let read = try HistoryCSV.read(path)
        XCTAssertEqual(read.map(\.epoch), history.map(\.epoch))
        XCTAssertEqual(read.map(\.loss.bitPattern), history.map(\.loss.bitPattern))
        XCTAssertEqual(read.map { $0.valLoss?.bitPattern }, history.map { $0.valLoss?.bitPattern })
        XCTAssertEqual(read.map(\.seconds), history.map(\.seconds))
    }

    func testMalformedFilesAreNamed() {
        XCTAssertThrowsError(try HistoryCSV.parse("epoch,loss\n1,2\n", path: "h.csv")) { error in
            XCTAssertEqual("\(error)", "h.csv: the first line is not 'epoch,loss,val_loss,seconds'; this is not a lesson history file")
        }
        XCTAssertThrowsError(try HistoryCSV.parse("epoch,loss,val_loss,seconds\n1,x,0.5,1\n", path: "h.csv")) { error in
            XCTAssertEqual("\(error)", "h.csv: line 2: loss 'x' is not a number in '1,x,0.5,1'")
        }
        XCTAssertThrowsError(try HistoryCSV.parse("epoch,loss,val_loss,seconds\n1,0.5\n", path: "h.csv")) { error in
            XCTAssertTrue("\(error)".contains("line 2: expected 4 fields"), "\(error)")
        }
    }

    /// Python reads each number back to the same double and writes it with the same repr.
    func testPythonReadsTheSameNumbers() throws {
        guard let python = try PythonReference.interpreter(needing: ["csv"]) else { return }
        let path = try temporaryFolder() + "/history.csv"
        try HistoryCSV.write(history, to: path)
        let script = """
        import sys, csv
        bad = []
        for row in csv.DictReader(open(sys.argv[1])):
            for key in ("loss", "val_loss", "seconds"):
                if row[key] and repr(float(row[key])) != row[key]:
                    bad.append((row["epoch"], key, row[key], repr(float(row[key]))))
        print(bad)
        """
        XCTAssertEqual(try PythonReference.run(python, script: script, arguments: [path]), "[]\n")
    }
}
