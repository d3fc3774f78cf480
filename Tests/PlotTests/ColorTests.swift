@testable import Plot
import XCTest

final class ColorTests: XCTestCase {
    func testNamesAndHex() throws {
        XCTAssertEqual(try Color(named: "red"), .red)
        XCTAssertEqual(try Color(named: "Blue"), .blue)
        XCTAssertEqual(try Color(named: "gray"), try Color(named: "grey"))
        for name in ["green", "orange", "black", "purple"] { XCTAssertNoThrow(try Color(named: name)) }
        XCTAssertEqual(try Color(named: "#ff8000"), Color(red: 255, green: 128, blue: 0))
    }

    func testUnknownNameListsTheValidOnes() {
        for bad in ["redd", "#12345", "#gggggg", ""] {
            XCTAssertThrowsError(try Color(named: bad)) { error in
                let message = String(describing: error)
                XCTAssertTrue(message.contains("red, blue, green"), message)
                XCTAssertTrue(message.contains("#rrggbb"), message)
            }
        }
    }
}
