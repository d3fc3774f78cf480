import XCTest

final class PlotTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
