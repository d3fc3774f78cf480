import XCTest
@testable import LSTMCore

/// Asserts |expected - observed| ≤ absolute + relative·|expected| for every element and
/// prints the largest difference and the first offending pairs otherwise.
func assertClose(_ observed: [Float], _ expected: [Float], absolute: Double, relative: Double = 0,
                 _ label: String, file: StaticString = #filePath, line: UInt = #line) {
    assertClose(observed.map(Double.init), expected.map(Double.init), absolute: absolute, relative: relative,
                label, file: file, line: line)
}

func assertClose(_ observed: [Double], _ expected: [Double], absolute: Double, relative: Double = 0,
                 _ label: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(observed.count, expected.count, "\(label): count", file: file, line: line)
    var worst = 0.0
    var failures: [String] = []
    for (index, (o, e)) in zip(observed, expected).enumerated() {
        let difference = abs(o - e)
        worst = max(worst, difference)
        if !(difference <= absolute + relative * abs(e)) && failures.count < 5 {
            failures.append("[\(index)] expected \(e) observed \(o)")
        }
    }
    if !failures.isEmpty {
        XCTFail("\(label): largest difference \(worst) (tolerance \(absolute) + \(relative)·|expected|); "
            + failures.joined(separator: ", "), file: file, line: line)
    }
}

/// A small deterministic stream of test values.
struct TestValues {
    var random: InitializerRandom
    init(seed: UInt64) { random = InitializerRandom(seed: seed) }
    mutating func uniform(_ count: Int, _ low: Float = -1, _ high: Float = 1) -> [Float] {
        (0..<count).map { _ in random.uniform(low, high) }
    }
}

/// The sine series of the seed: sin(x · 2π / period) for x in 0..<count.
func sineSeries(count: Int, period: Double) -> [Double] {
    (0..<count).map { Foundation.sin(Double($0) * 2 * Double.pi / period) }
}
