import XCTest

final class LSTMCoreTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
