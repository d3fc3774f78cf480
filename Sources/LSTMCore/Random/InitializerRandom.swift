/// The random stream the weight initialisers draw from (docs/numerics.md, "Initial
/// weights and the two random streams": Keras' TensorFlow draws cannot be reproduced,
/// so this is our own, derived from the lesson's seed and deterministic across runs
/// and machines).
///
/// xoshiro256** (Blackman & Vigna) seeded through splitmix64; uniforms take the top
/// 24 (Float) or 53 (Double) bits; normals by Box-Muller in Double.
public struct InitializerRandom: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// Box-Muller makes normals in pairs; the second waits here.
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var z = seed
        func splitmix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        let unit = Float(next() >> 40) * 0x1p-24
        let value = low + (high - low) * unit
        return value < high ? value : low   // rounding can reach `high`; keep the interval half-open
    }

    /// Standard normal (mean 0, standard deviation 1), computed in Double.
    public mutating func normalDouble() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // u1 in (0, 1] so the logarithm is finite.
        let u1 = 1 - unitDouble()
        let u2 = unitDouble()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }
}

import Foundation
