import LessonLanguage
/// The combinations of a sweep's axes, the first axis slowest, counted before any is
/// made and made one at a time by position: three `--sweep`s of 2,000 values each
/// are 8·10^9 combinations, which built as a list take hundreds of gigabytes.
///
/// One command runs at most `maximumCombinations` of them. A shard (`--shard K/N`)
/// counts its own part, about 1/N of the grid, so a grid too large for one command
/// can be spread over shards.
struct SweepGrid {
    /// Most combinations one command runs: at a second a run (restored ones take
    /// about that) almost three hours, and a comparison table of 10,000 rows.
    static let maximumCombinations = 10_000

    let axes: [SweepAxis]
    /// The product of the axes' value counts; nil when it does not fit in an Int.
    let count: Int?

    init(_ axes: [SweepAxis]) {
        self.axes = axes
        var product: Int? = 1
        for axis in axes {
            guard let sofar = product else { break }
            let (next, overflow) = sofar.multipliedReportingOverflow(by: axis.values.count)
            product = overflow ? nil : next
        }
        count = product
    }

    /// The combination at 0-based `position`, as `(name, value)` pairs in the axes' order.
    func combination(at position: Int) -> [(name: String, value: String)] {
        var rest = position
        var reversed: [(name: String, value: String)] = []
        for axis in axes.reversed() {
            let values = axis.values
            // An axis without values makes an empty grid, which has no positions.
            guard !values.isEmpty else { continue }
            reversed.append((axis.name, values[rest % values.count]))
            rest /= values.count
        }
        return reversed.reversed()
    }

    /// Positions of the combinations `shard` runs (all without one), in order.
    func positions(for shard: SweepShard?) -> StrideTo<Int> {
        let total = count ?? Int.max
        guard let shard else { return stride(from: 0, to: total, by: 1) }
        return stride(from: shard.index - 1, to: total, by: shard.count)
    }

    /// How many combinations `shard` runs: combinations K, K+N, K+2N, ... up to the count.
    func countRun(by shard: SweepShard?) -> Int? {
        guard let total = count else { return nil }
        guard let shard else { return total }
        return total < shard.index ? 0 : (total - shard.index) / shard.count + 1
    }

    /// Refuses (a usage error, exit 64) a sweep whose part this command would run
    /// holds more than `limit` combinations, before any is made.
    func check(shard: SweepShard?, limit: Int = maximumCombinations) throws {
        let run = countRun(by: shard)
        if let run, run <= limit { return }
        let counts = axes.map { ByteCount.grouped($0.values.count) }.joined(separator: " × ")
        let total = count.map(ByteCount.grouped) ?? "more than \(ByteCount.grouped(Int.max))"
        let shardsNeeded = count.map { ($0 + limit - 1) / limit }
        var message = "--sweep gives \(total) combinations (\(counts)); at most \(ByteCount.grouped(limit)) run in one command"
        if let shard, let run {
            message = "--shard \(shard.index)/\(shard.count) runs \(ByteCount.grouped(run)) of the \(total) combinations "
                + "--sweep gives (\(counts)); at most \(ByteCount.grouped(limit)) run in one command"
        }
        if let shards = shardsNeeded {
            message += ": sweep fewer values, or split the sweep into \(ByteCount.grouped(shards)) or more shards "
                + "(--shard K/\(shards), K from 1 to \(shards), each its own command)"
        } else {
            message += ": sweep fewer values"
        }
        throw LessonError(message, file: "command line", line: 0, column: 0, kind: .usage)
    }
}
