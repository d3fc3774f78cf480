import Plot

extension Color {
    /// `#rrggbb`, the inverse of `init(named:)` for opaque colours: how the tests' failure
    /// messages name a pixel's colour.
    var hexString: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [red, green, blue] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 0xf)])
        }
        return text
    }
}
