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

    /// The forecast in `path`, or nil when the file is missing or not such a CSV.
    static func read(_ path: String) -> ForecastResult? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var steps: [Int] = [], truth: [Double] = [], predictions: [Double] = []
        var first = true
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if first {
                first = false
                guard line.elementsEqual("step,truth,prediction".utf8) else { return nil }
                continue
            }
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == 3, let step = Int(String(decoding: fields[0], as: UTF8.self)),
                  let t = Double(String(decoding: fields[1], as: UTF8.self)),
                  let p = Double(String(decoding: fields[2], as: UTF8.self)) else { return nil }
            steps.append(step)
            truth.append(t)
            predictions.append(p)
        }
        guard !steps.isEmpty else { return nil }
        return ForecastResult(steps: steps, truth: truth, predictions: predictions)
    }
}
