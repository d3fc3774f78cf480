/// Element-wise activation functions, named as Keras names them.
public enum Activation: String, Codable, Sendable, CaseIterable {
    case linear, tanh, relu, sigmoid
    /// Keras 3: `clip(x / 6 + 0.5, 0, 1)` (Keras 2 used `0.2x + 0.5`).
    case hardSigmoid = "hard_sigmoid"
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
        while i + lanes <= count {
            let raw = UnsafeMutableRawPointer(values + i)
            raw.storeBytes(of: apply(raw.loadUnaligned(as: FloatVector.self)), as: FloatVector.self)
            i += lanes
        }
        while i < count {
            values[i] = apply(values[i])
            i += 1
        }
    }
}
