/// Counts and sizes as messages write them: `16,777,216`, `2 MiB`,
/// `1.5 MiB (1,572,864 bytes)`, `200 MB`, `3.2 GB (3,221,225,472 bytes)`. A size that
/// is not a whole number of its unit also gives its bytes, so a value just past a
/// limit never reads as the limit itself (`1.0 MiB`).
public enum ByteCount {
    /// `n` with a comma between groups of three digits.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// In KiB and MiB (units of 1024), as the cell language's limits are set.
    public static func binary(_ bytes: Int) -> String {
        size(bytes, units: [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")])
    }

    /// In kB, MB and GB (units of 1000), as file sizes are given.
    public static func decimal(_ bytes: Int) -> String {
        size(bytes, units: [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")])
    }

    private static func size(_ bytes: Int, units: [(size: Int, name: String)]) -> String {
        guard let unit = units.first(where: { bytes >= $0.size }) else { return bytes == 1 ? "1 byte" : "\(grouped(bytes)) bytes" }
        if bytes % unit.size == 0 { return "\(grouped(bytes / unit.size)) \(unit.name)" }
        let tenths = (Double(bytes) / Double(unit.size) * 10).rounded()
        let whole = Int(tenths / 10), tenth = Int(tenths.truncatingRemainder(dividingBy: 10))
        return "\(grouped(whole)).\(tenth) \(unit.name) (\(grouped(bytes)) bytes)"
    }
}
