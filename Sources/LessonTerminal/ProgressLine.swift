/// A fit's progress as one terminal line, redrawn in place, Keras-like:
/// `Epoch 3/68  11/11 ━━━━━━━━━━━━━━━━━━━━ 4s 380ms/step - loss: 0.0123 - val_loss: 0.0100`.
///
/// It never wraps (a wrapped line cannot be redrawn with `\r`, and each redraw would
/// leave a line behind): made for a width, it takes the first of these that fits,
/// leaving the last column free: the bar narrowed to as few as 5 segments; then
/// without the timing; then without the bar; then `Epoch 3/68 loss: 0.0123
/// val_loss: 0.0100`; then `3/68 loss 0.0123 val_loss 0.0100`, dropping metrics
/// from the end until it fits.
/// With colour the bar is `━` (done ones green, the rest dim); without, `=` and `.`.
public struct ProgressLine: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var batch: Int
    public var batches: Int
    /// `4s 380ms/step`.
    public var timing: String
    /// `("loss", "0.0123")`, in order.
    public var metrics: [(name: String, value: String)]

    static let fullBar = 20
    static let shortestBar = 5

    public init(epoch: Int, epochs: Int, batch: Int, batches: Int, timing: String, metrics: [(name: String, value: String)]) {
        self.epoch = epoch
        self.epochs = epochs
        self.batch = batch
        self.batches = batches
        self.timing = timing
        self.metrics = metrics
    }

    /// The line for a terminal `width` columns wide (colour codes not counted).
    public func render(width: Int, style: TerminalStyle) -> String {
        let room = max(1, width - 1)
        let head = "Epoch \(epoch)/\(epochs)"
        let count = "  \(batch)/\(batches) "
        let named = metrics.map { " - \($0.name): \($0.value)" }.joined()
        for tail in [" " + timing + named, named] {
            let fixed = head.count + count.count + tail.count
            if fixed + ProgressLine.shortestBar <= room {
                return head + count + bar(segments: min(ProgressLine.fullBar, room - fixed), style: style) + tail
            }
        }
        // Then shorter forms; a number is never cut, a metric that does not fit goes whole.
        let epochs = "\(epoch)/\(self.epochs)"
        let shorter = [head + "  \(batch)/\(batches)" + named,
                       ([head] + metrics.map { "\($0.name): \($0.value)" }).joined(separator: " ")]
            + (0...metrics.count).reversed().map { kept in
                ([epochs] + metrics.prefix(kept).map { "\($0.name) \($0.value)" }).joined(separator: " ")
            }
        return shorter.first { $0.count <= room } ?? String(epochs.prefix(room))
    }

    private func bar(segments: Int, style: TerminalStyle) -> String {
        let done = batches > 0 ? min(segments, batch * segments / batches) : segments
        guard style.color else {
            return String(repeating: "=", count: done) + String(repeating: ".", count: segments - done)
        }
        return style.styled(String(repeating: "━", count: done), "32") + style.styled(String(repeating: "━", count: segments - done), "2")
    }
}
