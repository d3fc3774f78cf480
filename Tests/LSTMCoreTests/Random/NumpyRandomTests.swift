import Foundation
import XCTest
@testable import LSTMCore

/// Expected values were printed by numpy 2.4.6 (`np.random.RandomState`, legacy MT19937)
/// and pasted here; every comparison is exact (bit-identical doubles, equal integers).
final class NumpyRandomTests: XCTestCase {
    /// The lesson's anchor: `np.random.seed(0); np.random.rand(); np.random.permutation(3920)[:10]`.
    func testSeedZeroMatchesTheSeedTutorial() {
        var random = NumpyRandom(seed: 0)
        XCTAssertEqual(random.randomSample(), 0.5488135039273248)
        let order = random.permutation(3920)
        XCTAssertEqual(Array(order.prefix(10)), [538, 3000, 825, 924, 3093, 3275, 3673, 3649, 1059, 3227])
        XCTAssertEqual(order.sorted(), Array(0..<3920), "a permutation holds every index once")
    }

    /// MT19937's reference output for seed 5489 (the raw 32-bit words, before any double).
    func testRawWordsMatchTheMT19937Reference() {
        var random = NumpyRandom(seed: 5489)
        XCTAssertEqual([random.nextUInt32(), random.nextUInt32(), random.nextUInt32()],
                       [3_499_211_612, 581_869_302, 3_890_346_734])
    }

    func testSeedingMatchesNumpyKey() {
        // np.random.RandomState(0).get_state(): key[:3], key[-1], pos
        let state = NumpyRandom(seed: 0).state
        XCTAssertEqual(Array(state.key.prefix(3)), [0, 1, 1_812_433_255])
        XCTAssertEqual(state.key.last, 1_796_872_496)
        XCTAssertEqual(state.position, 624)
    }

    /// Per seed: three `random_sample()`, then `permutation(10)`, `(1)`, `(2)`, `(0)` in turn.
    func testSeveralSeeds() {
        let cases: [(seed: UInt32, samples: [Double], p10: [Int], p1: [Int], p2: [Int])] = [
            (1, [0.417022004702574, 0.7203244934421581, 0.00011437481734488664],
             [3, 7, 6, 2, 9, 4, 1, 8, 0, 5], [0], [1, 0]),
            (42, [0.3745401188473625, 0.9507143064099162, 0.7319939418114051],
             [9, 7, 0, 3, 5, 8, 2, 1, 6, 4], [0], [0, 1]),
            (4_294_967_295, [0.0976320289940138, 0.9123828453026218, 0.78903530185164],
             [8, 1, 5, 4, 9, 2, 3, 7, 0, 6], [0], [0, 1]),
            (12345, [0.9296160928171479, 0.3163755545817859, 0.18391881167709445],
             [0, 4, 7, 8, 3, 6, 1, 9, 2, 5], [0], [0, 1]),
        ]
        for test in cases {
            var random = NumpyRandom(seed: test.seed)
            let samples = (0..<3).map { _ in random.randomSample() }
            XCTAssertEqual(samples, test.samples, "seed \(test.seed): random_sample")
            XCTAssertEqual(random.permutation(10), test.p10, "seed \(test.seed): permutation(10)")
            XCTAssertEqual(random.permutation(1), test.p1, "seed \(test.seed): permutation(1)")
            XCTAssertEqual(random.permutation(2), test.p2, "seed \(test.seed): permutation(2)")
            XCTAssertEqual(random.permutation(0), [], "seed \(test.seed): permutation(0)")
        }
    }

    /// `r = RandomState(0); r.permutation(100000)`: both ends, then the next `random_sample()`,
    /// which shows the number of words the shuffle consumed is numpy's too.
    func testLargePermutationConsumesTheSameWords() {
        var random = NumpyRandom(seed: 0)
        let order = random.permutation(100_000)
        XCTAssertEqual(Array(order.prefix(5)), [3582, 60498, 53227, 21333, 3885])
        XCTAssertEqual(Array(order.suffix(5)), [21243, 45891, 42613, 43567, 68268])
        XCTAssertEqual(random.randomSample(), 0.5599673445827189)
    }

    func testShuffleOfOtherElements() {
        // r = RandomState(3); a = list("abcdefgh"); r.shuffle(a)
        var random = NumpyRandom(seed: 3)
        var letters = Array("abcdefgh")
        random.shuffle(&letters)
        XCTAssertEqual(String(letters), "fhegdbac")
    }

    /// Seed 7, 700 draws (crosses a block regeneration), snapshot, then continue.
    /// numpy: pos 152, key[0] 3140365922, key[623] 2054307641; next rand 0.059200845313875594.
    func testStateSnapshotRestoresTheStreamMidBlock() throws {
        var random = NumpyRandom(seed: 7)
        for _ in 0..<700 { _ = random.randomSample() }
        let snapshot = random.state
        XCTAssertEqual(snapshot.position, 152)
        XCTAssertEqual(snapshot.key.first, 3_140_365_922)
        XCTAssertEqual(snapshot.key.last, 2_054_307_641)

        let expectedSample = 0.059200845313875594
        let expectedOrder = [8, 16, 3, 12, 9, 6, 10, 7, 1, 11, 17, 14, 2, 18, 13, 0, 15, 19, 5, 4]
        XCTAssertEqual(random.randomSample(), expectedSample)
        XCTAssertEqual(random.permutation(20), expectedOrder)

        // Restore through each stored form, and through the setter.
        let json = try JSONEncoder().encode(snapshot)
        let fromJSON = try JSONDecoder().decode(NumpyRandomState.self, from: json)
        let fromWords = try NumpyRandomState(words: snapshot.words)
        XCTAssertEqual(fromJSON, snapshot)
        XCTAssertEqual(fromWords, snapshot)
        var viaSetter = NumpyRandom(seed: 99)
        viaSetter.state = fromJSON
        for var restored in [NumpyRandom(state: fromWords), viaSetter] {
            XCTAssertEqual(restored.randomSample(), expectedSample)
            XCTAssertEqual(restored.permutation(20), expectedOrder)
        }
    }

    func testInvalidStatesAreRejectedWithAReason() {
        let valid = NumpyRandom(seed: 1).state
        XCTAssertThrowsError(try NumpyRandomState(key: [1, 2, 3], position: 0)) { error in
            XCTAssertTrue("\(error)".contains("3 words"), "\(error)")
        }
        XCTAssertThrowsError(try NumpyRandomState(key: valid.key, position: 625)) { error in
            XCTAssertTrue("\(error)".contains("position is 625"), "\(error)")
        }
        var words = valid.words
        words[5] = -1
        XCTAssertThrowsError(try NumpyRandomState(words: words)) { error in
            XCTAssertTrue("\(error)".contains("key word 5 is -1"), "\(error)")
        }
        XCTAssertThrowsError(try NumpyRandomState(words: Array(words.prefix(10))))
        let badJSON = Data(#"{"key": [1, 2], "position": 0}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(NumpyRandomState.self, from: badJSON)) { error in
            XCTAssertTrue("\(error)".contains("2 words"), "\(error)")
        }
    }
}
