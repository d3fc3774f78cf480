/// A fixed-size block of `Float`s owned by a class: allocated once, zeroed, freed in
/// `deinit`. Layers and workspaces hold these instead of arrays so that the inner
/// loops work on plain pointers (no ARC, no copy-on-write, no bounds checks).
final class FloatBuffer {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>

    /// `alignment` in bytes: 64 puts the first float at the start of a cache line, so that
    /// 16-float vector loads of aligned blocks never straddle two lines.
    init(count: Int, alignment: Int = MemoryLayout<Float>.alignment) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: max(alignment, MemoryLayout<Float>.alignment))
        pointer = raw.initializeMemory(as: Float.self, repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    func zero() { pointer.update(repeating: 0, count: count) }

    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Copies `values` in; the caller has checked `values.count == count`.
    func copy(from values: [Float]) {
        values.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            pointer.update(from: base, count: min(count, values.count))
        }
    }
}
