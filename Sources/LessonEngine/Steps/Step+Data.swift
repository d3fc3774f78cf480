import LessonLanguage
import LSTMCore

/// Data cell: `series(f, count:)` or `series(csv:, column: or columns:, target:, holdout:)`,
/// each with `difference:` and `scale:` (`SeriesTransform`), then `windows(length:, horizon:)`
/// cuts inputs `[N, T, F]` and targets `[N, H·k]` (k predicted columns), and `shuffle()`
/// reorders the windows with numpy's `permutation` from the lesson's generator.
extension StepActions {
    /// Most window values (N · T) accepted: 100 million Float32, 400 MB.
    static let maximumWindowValues = 100_000_000

    func data(_ call: StepCall, interpreter: Interpreter) throws -> [String: Value] {
        switch call.name {
        case "series":
            var series: SeriesData
            if let function = call["function"] {
                let count = try call.value("count", \.wholeNumber)
                var values = [Double]()
                values.reserveCapacity(count)
                for x in 0..<count { values.append(try interpreter.number(function, at: .int(x), for: call)) }
                let name: String
                if case .function(let f) = function { name = f.name } else { name = "f" }
                series = SeriesData(columns: [name], raw: [values], function: function, holdout: [[]], predicted: [0],
                                    transform: .none, source: "\(name)(x) for x in 0..<\(count)")
            } else {
                series = try csvSeries(call)
            }
            let lag = call.integer("difference") ?? 0
            guard series.count > lag else {
                throw call.error("difference: \(lag) needs more than \(lag) values before the holdout; the series has \(series.count)")
            }
            series.transform = SeriesTransform(lag: lag, scale: call.string("scale") == "standard", raw: series.raw)
            session.series = series
            session.windows = nil
            session.summary = "\(series.count) values"
                + (series.columns.count > 1 ? " of \(series.columns.count) columns" : "")
            session.reporter.report("data: \(series.count) values of \(series.source)"
                                    + (series.holdout[0].isEmpty ? "" : ", \(series.holdout[0].count) held out")
                                    + StepActions.transformSummary(series))
        case "windows":
            guard let series = session.series else { throw call.error(.windowsNeedSeries) }
            let length = try call.value("length", \.wholeNumber)
            let horizon = try call.value("horizon", \.wholeNumber)
            let rows = series.count - series.transform.lag
            if let problem = StepRules.windowsProblem(count: rows, length: length, horizon: horizon) { throw call.error(problem) }
            let F = series.columns.count
            let count = rows - length - horizon + 1
            guard count.multipliedReportingOverflow(by: length * F).partialValue <= StepActions.maximumWindowValues,
                  length <= StepActions.maximumWindowValues, horizon <= StepActions.maximumWindowValues else {
                throw call.error("\(count) windows of \(length) steps are more than "
                                 + "\(StepActions.maximumWindowValues) values; use a shorter series or window")
            }
            let windows: WindowedSeries
            if series.isUnivariate && horizon == 1 {
                windows = WindowedSeries.windows(of: series.transformed[0], length: length)
            } else {
                let columns = series.transformed
                var flat = [Float](repeating: 0, count: rows * F)
                for (c, column) in columns.enumerated() { for i in 0..<rows { flat[i * F + c] = Float(column[i]) } }
                do {
                    windows = try WindowedSeries.windows(rows: flat, features: F, length: length, horizon: horizon,
                                                         predicted: series.predicted)
                } catch {
                    throw call.error("\(error)")
                }
            }
            session.windows = windows
            session.summary = "\(series.count) values, \(windows.count) windows of \(length)"
                + (horizon > 1 ? ", horizon \(horizon)" : "")
            let what = horizon == 1 ? "the next value" : "the next \(horizon) values"
            let of = series.predicted.count == F && F == 1 ? ""
                : " of " + series.predicted.map { "'\(series.columns[$0])'" }.joined(separator: ", ")
            session.reporter.report("data: \(windows.count) windows of \(length) steps"
                                    + (F > 1 ? " × \(F) columns" : "") + ", each with \(what)\(of) as its target")
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

    /// `; differenced at lag 12 (the first 12 values dropped), scaled per column: 'a' mean 0.1, std 2`.
    static func transformSummary(_ series: SeriesData) -> String {
        let transform = series.transform
        var parts: [String] = []
        if transform.lag > 0 {
            parts.append("differenced at lag \(transform.lag) ("
                         + (transform.lag == 1 ? "the first value has no difference and is dropped)"
                            : "the first \(transform.lag) values have no difference and are dropped)"))
        }
        if let scales = transform.scales {
            parts.append("scaled to mean 0 and variance 1 by the values before the holdout: "
                         + zip(series.columns, scales).map { "'\($0)' mean \(formatSignificant($1.mean)), std \(formatSignificant($1.std))" }
                             .joined(separator: "; "))
        }
        return parts.isEmpty ? "" : "; " + parts.joined(separator: ", then ")
    }

    private func csvSeries(_ call: StepCall) throws -> SeriesData {
        let name = try call.value("csv", \.string)
        let path = try session.readablePath(name, for: call)
        let wanted: [String]? = call["columns"]?.elements?.compactMap(\.string) ?? call.string("column").map { [$0] }
        let table: [CSVColumn]
        do {
            table = try CSVColumn.read(path: path, columns: wanted, isInterrupted: { [session] in session.interrupt.isRequested })
        } catch let error as CSVColumn.Failure {
            throw call.error(error.message, kind: error.isIO ? .io : .invalidLesson)
        } catch is ReadableFile.Interrupted {
            throw CellInterrupted(call, lesson: session.lesson.path)
        }
        let total = table[0].values.count
        let holdout = call.integer("holdout") ?? 0
        guard holdout >= 0, holdout < total else {
            throw call.error("\(name) has \(total) values; holdout: \(holdout) must leave some for the windows")
        }
        let kept = total - holdout
        guard kept <= Vocabulary.maximumSeries else {
            throw call.error("\(name) has \(kept) values; at most \(Vocabulary.maximumSeries) are accepted")
        }
        let columns = table.map(\.column)
        let targets = call["target"]?.elements?.compactMap(\.string) ?? columns
        let predicted = targets.compactMap { columns.firstIndex(of: $0) }
        guard predicted.count == targets.count else {
            throw call.error(StepRules.targetProblem(targets, columns: columns) ?? "target: must name columns of columns:")
        }
        let described = columns.count == 1 ? "column \"\(columns[0])\"" : "columns " + columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return SeriesData(columns: columns, raw: table.map { Array($0.values.prefix(kept)) }, function: nil,
                          holdout: table.map { Array($0.values.suffix(holdout)) }, predicted: predicted, transform: .none,
                          source: "\(name) \(described)")
    }
}
