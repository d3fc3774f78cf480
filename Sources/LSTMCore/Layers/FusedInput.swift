/// A small input projection `x·W` folded into the gate pass (for a few input
/// features a matrix product would mostly move memory): `x [B, in]` of this step,
/// `W [in, 4H]`.
struct FusedInput {
    let x: UnsafePointer<Float>
    let kernel: UnsafePointer<Float>
    let size: Int
    /// Inputs up to this many features are folded in; more use a matrix product.
    static let maximumSize = 4
}
