import Foundation

/// A forecast as a CSV file, `step,truth,prediction`, one row a step, each number in
/// its shortest form that reads back to the same Double. The store keeps every
/// validate cell's forecasts this way (`store/forecasts/<key>-<n>.csv`), and the
/// latest run's shows as `forecast.csv`; a forecast kept once is read back instead
/// of being computed again.
enum ForecastFile {
    static func text(_ forecast: ForecastResult) -> String {
        var csv = "step,truth,prediction\n"
        csv.reserveCapacity(forecast.steps.count * 48)
        for i in forecast.steps.indices {
            csv += "\(forecast.steps[i]),\(forecast.truth[i]),\(forecast.predictions[i])\n"
        }
        return csv
    }

    /// The forecast in `path`, or nil when the file is missing or not such a CSV. Reads
    /// the bytes directly (a million rows in a fraction of a second).
    static func read(_ path: String) -> ForecastResult? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let header = Array("step,truth,prediction\n".utf8)
        guard data.count >= header.count, data.prefix(header.count).elementsEqual(header) else { return nil }
        var steps: [Int] = [], truth: [Double] = [], predictions: [Double] = []
        let ok = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var scanner = FieldScanner(bytes: buffer, position: header.count)
            while !scanner.atEnd {
                guard let step = scanner.number(until: UInt8(ascii: ",")).flatMap({ Int(exactly: $0) }),
                      let t = scanner.number(until: UInt8(ascii: ",")),
                      let p = scanner.number(until: UInt8(ascii: "\n")) else { return false }
                steps.append(step)
                truth.append(t)
                predictions.append(p)
            }
            return true
        }
        guard ok, !steps.isEmpty else { return nil }
        return ForecastResult(steps: steps, truth: truth, predictions: predictions)
    }
}

/// Reads numbers field by field from CSV bytes.
private struct FieldScanner {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    /// The current field's bytes, reused from field to field (no allocation per number).
    private var field: [UInt8] = []

    init(bytes: UnsafeRawBufferPointer, position: Int) {
        self.bytes = bytes
        self.position = position
        field.reserveCapacity(64)
    }

    var atEnd: Bool { position >= bytes.count }

    /// The number up to `separator` (or the end), which is skipped; nil when the field
    /// is empty, too long or not a whole number in Swift's Double syntax.
    mutating func number(until separator: UInt8) -> Double? {
        field.removeAll(keepingCapacity: true)
        while position < bytes.count, bytes[position] != separator {
            field.append(bytes[position])
            position += 1
            if field.count > 64 { return nil }
        }
        position += 1
        guard !field.isEmpty else { return nil }
        return Double(String(decoding: field, as: UTF8.self))
    }
}
