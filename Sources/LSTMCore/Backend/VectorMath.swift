/// The activations' functions on eight lanes at a time (`Activation.apply` and
/// `derivative` call them), for the fused gate passes of the LSTM (scalar libm
/// `exp`/`tanh` over the `[B, 4H]` gate block of every step would cost over a second an
/// epoch) and for dense layers; and the vector loads and stores they use. Keras' default
/// LSTM pair (sigmoid gates, tanh cell) runs the same formulas in C instead, compiled
/// for AVX2 + FMA where the processor has them (`GatePass`, `LSTMKernels`).
///
/// `exp` is a Cephes-style range reduction `x = n·ln2 + r`, `|r| ≤ ln2/2`, a degree-6
/// polynomial for `e^r`, and `2^n` built in the exponent bits; relative error about
/// 2e-7 over `[-87, 88]`. Inputs are clamped to that range first, so no input, however
/// large, makes an Inf or a NaN. `tanh` is a rational function (see there).

/// Eight lanes: two SSE registers on baseline x86-64 (measured faster here than four
/// lanes, and than sixteen, which spill registers in the gate passes).
typealias FloatVector = SIMD8<Float>
typealias IntVector = SIMD8<Int32>
/// Lanes in a `FloatVector`.
let lanes = FloatVector.scalarCount

enum VectorMath {
    /// `e^x`, relative error ≈ 2e-7 for x in [-87, 88]; clamped outside.
    @_transparent
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
        let bits = (unsafeBitCast(shifted, to: IntVector.self) &+ 127) &<< 23
        return er * unsafeBitCast(bits, to: FloatVector.self)
    }

    /// `1 / (1 + e^-x)`: relative error ≈ 3e-7 wherever the result is a normal float.
    @_transparent
    static func sigmoid(_ x: FloatVector) -> FloatVector {
        1 / (1 + exp(-x))
    }

    /// `tanh x` as a rational function `x·P(x²)/Q(x²)` (P and Q of degree 4, fitted
    /// for relative error on [0, 9]; beyond that tanh rounds to ±1 in Float):
    /// relative error ≤ 4e-7, no exp, one division, no cancellation near 0.
    @_transparent
    static func tanh(_ input: FloatVector) -> FloatVector {
        // Past 9.25 the fit exceeds 1, so clamping the result below gives exactly ±1 there
        // (single min/max instructions, no masks).
        var x = input.replacing(with: 9.25, where: input .> 9.25)
        x.replace(with: -9.25, where: x .< -9.25)
        let s = x * x
        var p = FloatVector(repeating: 1.370_567_615_883_592_7e-8)
        p = p * s + 2.086_515_884_334_217e-5
        p = p * s + 3.511_277_516_321_876_5e-3
        p = p * s + 1.339_428_244_965_707_7e-1
        p = p * s + 9.999_999_941_887_228e-1
        var q = FloatVector(repeating: 7.921_023_844_038_706e-7)
        q = q * s + 3.311_201_224_694_309e-4
        q = q * s + 2.593_681_165_180_404e-2
        q = q * s + 4.672_760_433_417_761_4e-1
        q = q * s + 1
        var y = x * p / q
        y.replace(with: 1, where: y .> 1)
        y.replace(with: -1, where: y .< -1)
        return y
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

/// Unaligned eight-lane loads and stores at `pointer + offset`.
@inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>, _ offset: Int) -> FloatVector {
    UnsafeRawPointer(pointer + offset).loadUnaligned(as: FloatVector.self)
}

@inline(__always)
func storeVector(_ value: FloatVector, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int) {
    UnsafeMutableRawPointer(pointer + offset).storeBytes(of: value, as: FloatVector.self)
}

/// Loads `count` (≤ lanes) floats at `pointer + offset`, zero-filling missing lanes.
@inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>, _ offset: Int, count: Int) -> FloatVector {
    if count == lanes { return loadVector(pointer, offset) }
    var v = FloatVector(repeating: 0)
    for lane in 0..<count { v[lane] = pointer[offset + lane] }
    return v
}

/// Stores the first `count` (≤ lanes) lanes at `pointer + offset`.
@inline(__always)
func storeVector(_ v: FloatVector, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int, count: Int) {
    if count == lanes { storeVector(v, pointer, offset); return }
    for lane in 0..<count { pointer[offset + lane] = v[lane] }
}
