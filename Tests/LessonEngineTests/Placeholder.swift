import XCTest

final class LessonEngineTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
