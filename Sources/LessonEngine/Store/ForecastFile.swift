import Foundation

/// A forecast as a CSV file, `step,truth,prediction` (a truth and a prediction column per
/// predicted column when there are several), one row a step, each number in
/// its shortest form that reads back to the same Double. The store keeps every
/// validate cell's forecasts this way (`store/forecasts/<key>-<n>.csv`), and the
/// latest run's shows as `forecast.csv`; a forecast kept once is read back instead
/// of being computed again.
enum ForecastFile {
    /// `step,truth,prediction`, or with named columns `step,truth_a,prediction_a,truth_b,prediction_b`.
    static func header(_ columns: [String]) -> String {
        columns.isEmpty ? "step,truth,prediction" : "step," + columns.map { "truth_\($0),prediction_\($0)" }.joined(separator: ",")
    }

    static func text(_ forecast: ForecastResult) -> String {
        var csv = header(forecast.columns) + "\n"
        let k = forecast.width
        csv.reserveCapacity(forecast.steps.count * (16 + 32 * k))
        for i in forecast.steps.indices {
            csv += "\(forecast.steps[i])"
            for c in 0..<k { csv += ",\(forecast.truth[i * k + c]),\(forecast.predictions[i * k + c])" }
            csv += "\n"
        }
        return csv
    }

    /// The forecast in a CSV's bytes, or nil when they are not such a CSV.
    static func parse(_ data: [UInt8]) -> ForecastResult? {
        guard let end = data.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let names = String(decoding: data[data.startIndex..<end], as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
        guard names.count >= 3, names.count % 2 == 1, names[0] == "step" else { return nil }
        var columns: [String] = []
        if names.count > 3 || names[1] != "truth" {
            for c in stride(from: 1, to: names.count, by: 2) {
                guard names[c].hasPrefix("truth_"), names[c + 1] == "prediction_" + names[c].dropFirst(6) else { return nil }
                columns.append(String(names[c].dropFirst(6)))
            }
        } else if names[2] != "prediction" {
            return nil
        }
        let k = max(columns.count, 1)
        var steps: [Int] = [], truth: [Double] = [], predictions: [Double] = []
        let ok = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var scanner = FieldScanner(bytes: buffer, position: end + 1)
            while !scanner.atEnd {
                guard let step = scanner.number(until: UInt8(ascii: ",")).flatMap({ Int(exactly: $0) }) else { return false }
                steps.append(step)
                for c in 0..<k {
                    guard let t = scanner.number(until: UInt8(ascii: ",")),
                          let p = scanner.number(until: UInt8(ascii: c == k - 1 ? "\n" : ",")) else { return false }
                    truth.append(t)
                    predictions.append(p)
                }
            }
            return true
        }
        guard ok, !steps.isEmpty else { return nil }
        return ForecastResult(steps: steps, columns: columns, truth: truth, predictions: predictions)
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
