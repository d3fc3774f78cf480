/// Element-wise activations and their derivatives, in vector form for the fused
/// gate passes of the LSTM (scalar libm `exp`/`tanh` over the `[B, 4H]` gate block of
/// every step would cost over a second an epoch).
///
/// `exp` is a Cephes-style range reduction `x = n·ln2 + r`, `|r| ≤ ln2/2`, a degree-6
/// polynomial for `e^r`, and `2^n` built in the exponent bits; relative error about
/// 2e-7 over `[-87, 88]`. Inputs are clamped to that range first, so no input, however
/// large, makes an Inf or a NaN (a NaN input stays NaN).

/// Eight lanes: two SSE registers on baseline x86-64, one AVX register where available.
typealias FloatVector = SIMD8<Float>

enum VectorMath {
    /// `e^x`, relative error ≈ 2e-7 for x in [-87, 88]; clamped outside.
    @inline(__always)
    static func exp(_ input: FloatVector) -> FloatVector {
        var x = input.replacing(with: 88, where: input .> 88)
        x.replace(with: -87, where: x .< -87)
        // n = round(x / ln2) by the 1.5·2^23 trick: its low mantissa bits hold n.
        let magic: Float = 12_582_912
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        // r = x - n·ln2 in two parts (ln2 = 0.693359375 - 2.12194440e-4) to keep r exact.
        var r = x - n * 0.693_359_375
        r = r + n * 2.121_944_40e-4
        let r2 = r * r
        var p: FloatVector = FloatVector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let er = p * r2 + r + 1
        // 2^n: n + 127 shifted into the exponent field (n is in [-126, 127] after the clamp).
        let bits = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &+ 127) &<< 23
        return er * unsafeBitCast(bits, to: FloatVector.self)
    }

    /// `1 / (1 + e^-x)`.
    @inline(__always)
    static func sigmoid(_ x: FloatVector) -> FloatVector {
        1 / (1 + exp(-x))
    }

    /// `tanh x`: an odd polynomial below |x| = 0.625 (where `1 - 2/(e^2x + 1)` would
    /// cancel), that formula above; relative error ≈ 3e-7.
    @inline(__always)
    static func tanh(_ x: FloatVector) -> FloatVector {
        let magnitude = x.replacing(with: -x, where: x .< 0)
        // Large branch, with the sign of x restored.
        let large = 1 - 2 / (exp(2 * magnitude) + 1)
        var signedLarge = large.replacing(with: -large, where: x .< 0)
        // Small branch: x + x³·P(x²).
        let z = x * x
        var p = FloatVector(repeating: -5.704_988_727_45e-3)
        p = p * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        signedLarge.replace(with: small, where: magnitude .< 0.625)
        return signedLarge
    }

    /// Keras 3 `hard_sigmoid`: `clip(x / 6 + 0.5, 0, 1)`.
    @inline(__always)
    static func hardSigmoid(_ x: FloatVector) -> FloatVector {
        var y = x * (1.0 / 6.0) + 0.5
        y.replace(with: 0, where: y .< 0)
        y.replace(with: 1, where: y .> 1)
        return y
    }

    @inline(__always)
    static func relu(_ x: FloatVector) -> FloatVector {
        x.replacing(with: 0, where: x .< 0)
    }
}

extension Activation {
    /// `y = f(x)` for eight lanes.
    @inline(__always)
    func apply(_ x: FloatVector) -> FloatVector {
        switch self {
        case .linear: return x
        case .tanh: return VectorMath.tanh(x)
        case .relu: return VectorMath.relu(x)
        case .sigmoid: return VectorMath.sigmoid(x)
        case .hardSigmoid: return VectorMath.hardSigmoid(x)
        }
    }

    /// `f'(x)` written in terms of the output `y = f(x)`, which is what forward keeps:
    /// tanh `1 - y²`, sigmoid `y(1 - y)`, hard_sigmoid `1/6` where `0 < y < 1`,
    /// relu `1` where `y > 0`, linear `1`.
    @inline(__always)
    func derivative(output y: FloatVector) -> FloatVector {
        switch self {
        case .linear: return FloatVector(repeating: 1)
        case .tanh: return 1 - y * y
        case .sigmoid: return y * (1 - y)
        case .relu: return FloatVector(repeating: 0).replacing(with: 1, where: y .> 0)
        case .hardSigmoid:
            return FloatVector(repeating: 0).replacing(with: 1.0 / 6.0, where: (y .> 0) .& (y .< 1))
        }
    }

    /// Scalar `f(x)` with the same polynomial as the vector form.
    func apply(_ x: Float) -> Float { apply(FloatVector(repeating: x))[0] }

    /// Scalar `f'(x)` from `y = f(x)`.
    func derivative(output y: Float) -> Float { derivative(output: FloatVector(repeating: y))[0] }

    /// In place over `count` values: `values[i] = f(values[i])`.
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        if self == .linear { return }
        var i = 0
        while i + 8 <= count {
            let raw = UnsafeMutableRawPointer(values + i)
            raw.storeBytes(of: apply(raw.loadUnaligned(as: FloatVector.self)), as: FloatVector.self)
            i += 8
        }
        while i < count {
            values[i] = apply(values[i])
            i += 1
        }
    }
}

/// Unaligned eight-lane loads and stores at `pointer + offset`.
@inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>, _ offset: Int) -> FloatVector {
    UnsafeRawPointer(pointer + offset).loadUnaligned(as: FloatVector.self)
}

@inline(__always)
func storeVector(_ value: FloatVector, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int) {
    UnsafeMutableRawPointer(pointer + offset).storeBytes(of: value, as: FloatVector.self)
}
