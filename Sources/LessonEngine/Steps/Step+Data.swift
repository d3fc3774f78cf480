import LSTMCore

/// Data cell: `series(f, count:)` or `series(csv:, column:, holdout:)`, then
/// `windows(length:)` cuts inputs `[N, T, 1]` and targets `[N]`, and `shuffle()`
/// reorders the windows with numpy's `permutation` from the lesson's generator.
extension StepActions {
    /// Most window values (N · T) accepted: 100 million Float32, 400 MB.
    static let maximumWindowValues = 100_000_000

    func data(_ call: StepCall, interpreter: Interpreter) throws -> [String: Value] {
        switch call.name {
        case "series":
            if let function = call["function"] {
                let count = try call.value("count", \.wholeNumber)
                var values = [Double]()
                values.reserveCapacity(count)
                for x in 0..<count { values.append(try interpreter.number(function, at: .int(x), for: call)) }
                let name: String
                if case .function(let f) = function { name = f.name } else { name = "f" }
                session.series = SeriesData(values: values, function: function, holdout: [], source: "\(name)(x) for x in 0..<\(count)")
            } else {
                session.series = try csvSeries(call)
            }
            session.windows = nil
            guard let series = session.series else { return [:] }
            session.summary = "\(series.values.count) values"
            session.reporter.report("data: \(series.values.count) values of \(series.source)"
                                    + (series.holdout.isEmpty ? "" : ", \(series.holdout.count) held out"))
        case "windows":
            guard let series = session.series else { throw call.error(.windowsNeedSeries) }
            let length = try call.value("length", \.wholeNumber)
            if let problem = StepRules.windowsProblem(count: series.values.count, length: length) { throw call.error(problem) }
            guard (series.values.count - length).multipliedReportingOverflow(by: length).partialValue <= StepActions.maximumWindowValues,
                  length <= StepActions.maximumWindowValues else {
                throw call.error("\(series.values.count - length) windows of \(length) steps are more than "
                                 + "\(StepActions.maximumWindowValues) values; use a shorter series or window")
            }
            let windows = WindowedSeries.windows(of: series.values, length: length)
            session.windows = windows
            session.summary = "\(series.values.count) values, \(windows.count) windows of \(length)"
            session.reporter.report("data: \(windows.count) windows of \(length) steps, each with the next value as its target")
        case "shuffle":
            guard let windows = session.windows else { throw call.error(.shuffleNeedsWindows) }
            let order = session.numpy.permutation(windows.count)
            session.windows = try windows.permuted(by: order)
            session.summary += ", shuffled"
            let first = order.prefix(10).map(String.init).joined(separator: ", ")
            session.reporter.report("data: shuffled with the seeded generator: [\(first)\(order.count > 10 ? ", ..." : "")]")
        default:
            break
        }
        return [:]
    }

    private func csvSeries(_ call: StepCall) throws -> SeriesData {
        let name = try call.value("csv", \.string)
        let path = try session.readablePath(name, for: call)
        let table: CSVColumn
        do {
            table = try CSVColumn.read(path: path, column: call.string("column"))
        } catch let error as CSVColumn.Failure {
            throw call.error(error.message, kind: error.isIO ? .io : .invalidLesson)
        }
        let holdout = call.integer("holdout") ?? 0
        guard holdout >= 0, holdout < table.values.count else {
            throw call.error("\(name) has \(table.values.count) values; holdout: \(holdout) must leave some for the windows")
        }
        let kept = table.values.count - holdout
        guard kept <= Vocabulary.maximumSeries else {
            throw call.error("\(name) has \(kept) values; at most \(Vocabulary.maximumSeries) are accepted")
        }
        return SeriesData(values: Array(table.values.prefix(kept)), function: nil, holdout: Array(table.values.suffix(holdout)),
                          source: "\(name) column \"\(table.column)\"")
    }
}
