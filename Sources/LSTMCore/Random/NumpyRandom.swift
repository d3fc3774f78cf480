/// numpy's legacy generator (`np.random.seed`, `np.random.rand`, `np.random.permutation`),
/// reproduced bit for bit so that a lesson's `rand()` and `shuffle()` give what the seed's
/// Keras script gave (docs/numerics.md, "Initial weights and the two random streams").
///
/// The engine is MT19937 (Matsumoto & Nishimura 1998) with numpy's integer seeding:
///
///     key[0] = seed
///     key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i      (mod 2^32)
///
/// after which `pos = 624`, so the first draw regenerates the whole block.
/// Doubles are made as numpy's `random_sample` makes them: two 32-bit draws `a`, `b`,
/// `(a >> 5) * 2^26 + (b >> 6)` divided by `2^53`, a uniform multiple of 2^-53 in [0, 1).
public struct NumpyRandom: Sendable {
    private var key: [UInt32]
    private var position: Int

    /// Seeded exactly as `np.random.seed(seed)` / `np.random.RandomState(seed)`.
    public init(seed: UInt32) {
        var key = [UInt32](repeating: 0, count: NumpyRandomState.keyCount)
        var value = seed
        for index in 0..<NumpyRandomState.keyCount {
            key[index] = value
            value = 1_812_433_253 &* (value ^ (value >> 30)) &+ UInt32(index + 1)
        }
        self.key = key
        self.position = NumpyRandomState.keyCount
    }

    /// Continues a stream from a snapshot taken with `state`.
    public init(state: NumpyRandomState) {
        self.key = state.key
        self.position = state.position
    }

    /// The whole generator state; setting it continues the stream exactly from there.
    public var state: NumpyRandomState {
        get { NumpyRandomState(uncheckedKey: key, position: position) }
        set {
            key = newValue.key
            position = newValue.position
        }
    }

    /// One tempered 32-bit output of MT19937 (numpy's `next_uint32`).
    public mutating func nextUInt32() -> UInt32 {
        if position >= NumpyRandomState.keyCount { regenerate() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `np.random.random_sample()` (also `rand()`): uniform in [0, 1) with 53 random bits.
    public mutating func randomSample() -> Double {
        let high = Double(nextUInt32() >> 5)   // 27 bits
        let low = Double(nextUInt32() >> 6)    // 26 bits
        return (high * 67_108_864.0 + low) / 9_007_199_254_740_992.0
    }

    /// numpy's `random_interval(max)`: uniform integer in `0...max` by rejection.
    /// Draws 32-bit words masked to the smallest all-ones mask covering `max` and
    /// rejects values above `max`; 64-bit words when `max` does not fit in 32 bits.
    /// `max <= 0` returns 0 without drawing, as numpy does for `max == 0`.
    public mutating func randomInterval(_ max: Int) -> Int {
        guard max > 0 else { return 0 }
        let bound = UInt64(max)
        var mask = bound
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        if bound <= 0xFFFF_FFFF {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= bound { return Int(value) }
            }
        } else {
            while true {
                // numpy's next_uint64 for MT19937: high word first.
                let value = ((UInt64(nextUInt32()) << 32) | UInt64(nextUInt32())) & mask
                if value <= bound { return Int(value) }
            }
        }
    }

    /// `np.random.shuffle(x)` for a 1-d array: Fisher-Yates from the end,
    /// `for i in n-1 ... 1 { j = random_interval(i); swap(x[i], x[j]) }`.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        var index = elements.count - 1
        while index > 0 {
            let other = randomInterval(index)
            elements.swapAt(index, other)
            index -= 1
        }
    }

    /// `np.random.permutation(n)`: `0..<n` shuffled as above. `n <= 0` gives `[]`.
    public mutating func permutation(_ count: Int) -> [Int] {
        guard count > 0 else { return [] }
        var order = Array(0..<count)
        shuffle(&order)
        return order
    }

    /// Refills the 624-word block (the MT19937 "twist").
    private mutating func regenerate() {
        let n = NumpyRandomState.keyCount
        let m = 397
        for index in 0..<n {
            let y = (key[index] & 0x8000_0000) | (key[(index + 1) % n] & 0x7FFF_FFFF)
            var next = key[(index + m) % n] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_B0DF }
            key[index] = next
        }
        position = 0
    }
}
