import XCTest
import Foundation
@testable import LessonEngine
@testable import LessonLanguage

/// Pathological cells must end in a lesson error, not a stack overflow, even on a
/// secondary thread with a 512 KB stack (the smallest a runner might use) in a debug build.
final class StackDepthTests: XCTestCase {
    private func onSmallStack(_ body: @escaping () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
    }

    func testSelfCallingFunction() {
        onSmallStack {
            let error = lessonError(lessonText("constants", "f(x) = f(x + 1)\nA = f(0)"))
            XCTAssertEqual(error?.message, "calls of f nest more than 50 deep; does a function call itself?")
        }
    }

    func testDeepestAcceptedParentheses() {
        onSmallStack {
            let deep = String(repeating: "(", count: 31) + "1" + String(repeating: ")", count: 31)
            XCTAssertEqual(value(deep), .int(1))
        }
    }

    func testLongOperatorChain() {
        onSmallStack {
            let error = lessonError(lessonText("constants", "A = " + String(repeating: "1 + ", count: 250) + "1"))
            XCTAssertTrue(error?.message.hasPrefix("evaluation is nested more than 200 levels deep") ?? false)
        }
    }
}
