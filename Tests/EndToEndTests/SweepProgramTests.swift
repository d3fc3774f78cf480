import Foundation
import XCTest

/// Sweeps through the program: two shards running at once on one store, then the
/// whole sweep and `lesson compare` from what they kept.
final class SweepProgramTests: XCTestCase {
    func testTwoShardsAtOnceShareAStoreAndTheSweepRestoresThem() throws {
        let folder = try Program.sandbox(["01-small-sine.md"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sweep = ["run", "Lessons/01-small-sine.md", "--sweep", "seed=0,1,2,3", "--set", "EPOCH_NM=3", "--threads", "1", "--quiet"]
        let lock = NSLock()
        var results: [Int: ProgramRun] = [:]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let run = try? Program.run(sweep + ["--shard", "\(index + 1)/2"], in: folder)
            lock.lock()
            results[index] = run
            lock.unlock()
        }
        let shards = [results[0], results[1]]
        for (index, shard) in shards.enumerated() {
            XCTAssertEqual(shard?.status, 0, "shard \(index + 1): \(shard?.output ?? "") \(shard?.errors ?? "")")
            XCTAssertTrue(shard?.output.contains("Shard done: 2 combinations.") ?? false, shard?.output ?? "")
        }
        let whole = try Program.run(Array(sweep.dropLast()), in: folder)
        XCTAssertEqual(whole.status, 0, whole.output + whole.errors)
        XCTAssertFalse(whole.output.contains("Epoch 1/"), whole.output)
        let rows = whole.output.split(separator: "\n").filter { $0.contains(" done ") }
        XCTAssertEqual(rows.count, 4, whole.output)
        let compare = try Program.run(["compare", "Lessons/01-small-sine.md", "--where", "threads=1"], in: folder)
        XCTAssertEqual(compare.status, 0, compare.errors)
        XCTAssertEqual(compare.output.split(separator: "\n").filter { $0.contains(" done ") }.count, 4, compare.output)
        let runs = try Program.run(["runs", "Lessons/01-small-sine.md"], in: folder)
        XCTAssertEqual(runs.output.split(separator: "\n").count, 9, "a header and 8 runs: \(runs.output)")
    }
}
