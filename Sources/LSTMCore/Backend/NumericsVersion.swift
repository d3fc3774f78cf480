/// The version of the arithmetic: every kept result is keyed on it, so results made
/// by an older build are recomputed rather than reused as if this build made them.
///
/// Bump it in the same commit as any change that moves a single bit of a loss, a
/// weight or a forecast: operations reordered, a kernel replaced or retuned, an
/// initializer or a random stream changed. Refactoring that keeps every bit (checked
/// by training three epochs before and after) leaves it as it is.
public enum NumericsVersion {
    public static let current = 1
}

extension NumericsVersion {
    /// The kernels this machine runs, which move the last digits from one CPU to
    /// another (`gate kernels avx2+fma; recurrent products avx512; OpenBLAS 0.3.21
    /// (Cooperlake kernels)`). Runs record it in their ledger entry, not in keys, so
    /// stores stay shareable between machines.
    public static var kernels: String {
        "gate kernels \(GateKernelVariant.best.name); recurrent products \(RecurrentProduct.best.name); \(BLAS.description)"
    }
}
