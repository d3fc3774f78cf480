import SafeFiles

/// `history.csv`: one line per finished epoch,
///
///     epoch,loss,val_loss,seconds
///     1,0.0123,0.00098,4.81
///
/// epochs 1-based (as the checkpoint names and messages count them), numbers as Python's
/// `repr` writes them (shortest digits that read back to the same double, so
/// `pandas.read_csv` and `parse` recover every bit), an empty val_loss without validation.
public enum HistoryCSV {
    public static let header = "epoch,loss,val_loss,seconds"

    /// The file's text, header included, each line ending in "\n".
    public static func text(_ history: [EpochLog]) -> String {
        var lines = [header]
        for log in history {
            lines.append("\(log.epoch),\(pythonRepr(log.loss)),\(log.valLoss.map(pythonRepr) ?? ""),\(pythonRepr(log.seconds))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file atomically.
    public static func write(_ history: [EpochLog], to place: FilePlace) throws {
        try AtomicFile.write(Array(text(history).utf8), to: place)
    }

    /// `write` at a path the user gave (its folder must exist).
    public static func write(_ history: [EpochLog], to path: String) throws {
        try write(history, to: AtomicFile.place(path, create: false))
    }

    /// Reads a file written by `write`.
    public static func read(_ place: FilePlace) throws -> [EpochLog] {
        try parse(String(decoding: AtomicFile.read(place), as: UTF8.self), path: place.path)
    }

    /// `read` at a path the user gave.
    public static func read(_ path: String) throws -> [EpochLog] {
        try read(AtomicFile.place(path, create: false))
    }

    /// The epochs of a history file's text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws -> [EpochLog] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == header else {
            throw CheckpointError(path: path, problem: "the first line is not '\(header)'; this is not a lesson history file")
        }
        var history: [EpochLog] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func fail(_ what: String) -> CheckpointError {
                CheckpointError(path: path, problem: "line \(index + 1): \(what) in '\(line)'")
            }
            guard fields.count == 4 else { throw fail("expected 4 fields (\(header)), found \(fields.count)") }
            guard let epoch = Int(fields[0]) else { throw fail("epoch '\(fields[0])' is not an integer") }
            guard let loss = Double(fields[1]) else { throw fail("loss '\(fields[1])' is not a number") }
            var valLoss: Double?
            if !fields[2].isEmpty {
                guard let value = Double(fields[2]) else { throw fail("val_loss '\(fields[2])' is not a number") }
                valLoss = value
            }
            guard let seconds = Double(fields[3]) else { throw fail("seconds '\(fields[3])' is not a number") }
            history.append(EpochLog(epoch: epoch, loss: loss, valLoss: valLoss, seconds: seconds))
        }
        return history
    }
}
