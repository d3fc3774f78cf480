/// The series and window origins closed-loop training reads, copied once per fit so the
/// batch loop touches no arrays.
final class RolloutSource {
    let values: UnsafeMutablePointer<Float>
    let count: Int
    let origins: UnsafeMutablePointer<Int>

    /// Call after `Trainer.check` (which makes sure the source and origins exist).
    init(_ data: WindowedSeries) {
        let source = data.source ?? []
        let windowOrigins = data.origins ?? []
        count = source.count
        values = UnsafeMutablePointer<Float>.allocate(capacity: max(source.count, 1))
        values.initialize(from: source, count: source.count)
        origins = UnsafeMutablePointer<Int>.allocate(capacity: max(windowOrigins.count, 1))
        origins.initialize(from: windowOrigins, count: windowOrigins.count)
    }

    func deallocate() {
        values.deallocate()
        origins.deallocate()
    }
}
