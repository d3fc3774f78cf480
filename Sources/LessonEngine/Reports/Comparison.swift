import LessonLanguage
import Plot
import Foundation

/// Runs of one lesson side by side, from what the store kept (nothing is trained or
/// computed): a table with one column per recorded number, `compare.png` with every
/// run's forecast over the truth (their errors when the truths differ), `losses.png`
/// with their val_loss curves, and `<name>.md` with the table. A sweep writes one at
/// its end; `lesson compare` writes one from the ledger.
struct Comparison {
    /// One run to compare: its label in the table and charts, the values of the settings
    /// that tell runs apart, and its ledger entry (nil when it failed before fitting).
    struct Run {
        var label: String
        var settings: [String]
        var entry: LedgerEntry?
        var failure: String?
    }

    let lesson: Lesson
    let store: ResultStore
    /// Column names of `Run.settings`.
    let settingNames: [String]
    let runs: [Run]
    /// `--set` values every run shares (a sweep's fixed overrides): after the charts'
    /// subtitles and in their text chunks.
    var shared: [String] = []
    /// The command that makes these charts again, for their text chunks
    /// (`lesson run FILE --sweep seed=0,1,2`, `lesson compare FILE`).
    var command = ""

    var table: ResultTable {
        let numbers = runs.map { $0.entry?.numbers ?? [:] }
        let columns = ResultTable.numberColumns(numbers)
        var rows: [[String]] = []
        for (run, values) in zip(runs, numbers) {
            let status = run.entry?.status ?? "failed"
            rows.append(run.settings + [status] + columns.map { ResultTable.format(values[$0]) }
                        + [run.entry.map { String(format: "%.1f", $0.seconds) } ?? ""])
        }
        let first = settingNames.count + 1
        return ResultTable(header: settingNames + ["status"] + columns + ["seconds"], rows: rows,
                           numeric: Set(first..<(first + columns.count + 1)))
    }

    /// Writes the table and both charts into the store's folder `relative`; returns the
    /// charts (path as messages show it, and chart) for the terminal to show.
    func write(to relative: String, name: String, heading: String) throws -> [(path: String, chart: LineChart)] {
        let folder = store.path(relative)
        var charts: [(String, LineChart)] = []
        var notes: [String] = []
        if let chart = try forecastChart() {
            charts.append((folder + "/compare.png", chart))
        } else {
            notes.append("No run kept a forecast, so there is no compare.png.")
        }
        if let chart = try lossChart() {
            charts.append((folder + "/losses.png", chart))
        } else {
            notes.append("No run kept a fit's history, so there is no losses.png.")
        }
        for (path, chart) in charts { try writePNG(chart, to: relative + "/" + (path as NSString).lastPathComponent) }
        var text = ["# \(heading)", "", "Runs of `\(lesson.path)`, from the store in `\(store.folder)`.", "", table.markdown, ""]
        for failed in runs where failed.failure != nil {
            text.append("- \(failed.label): \(failed.failure ?? "")")
        }
        text += notes
        text += charts.map { "![\(($0.0 as NSString).lastPathComponent)](\(($0.0 as NSString).lastPathComponent))" }
        try store.write(text.joined(separator: "\n") + "\n", to: relative + "/\(name).md")
        return charts
    }

    /// The last forecast of each run's last validate cell that forecast, read back from the store.
    private func forecasts() -> [(label: String, forecast: ForecastResult)] {
        runs.compactMap { run in
            guard let validate = run.entry?.validates.last(where: { !$0.forecasts.isEmpty }), let path = validate.forecasts.last,
                  let bytes = store.readIfPossible(path), let forecast = ForecastFile.parse(bytes) else { return nil }
            // A file that is not what its cell kept is left out of the chart, and said so.
            if let expected = store.record(key: validate.key)?.forecastHash(of: path), expected != StepActions.forecastHash(bytes) {
                store.moveAside(path, because: "it is not the forecast its cell kept (damaged or edited)",
                                so: "the next run of the lesson computes it again")
                return nil
            }
            return (run.label, forecast)
        }
    }

    /// Draws the first predicted column of forecasts of several.
    private func forecastChart() throws -> LineChart? {
        let all = forecasts()
        guard let first = all.first else { return nil }
        let sameTruth = all.allSatisfy { $0.forecast.steps == first.forecast.steps && $0.forecast.truth == first.forecast.truth }
        let subtitle = "\(all.count) runs" + (settingNames.isEmpty ? "" : " by " + settingNames.joined(separator: ", "))
            + (shared.isEmpty ? "" : "; " + shared.joined(separator: ", "))
        if sameTruth {
            let x = first.forecast.steps.map(Double.init)
            return try forecastComparisonChart(truth: RunLine(label: "truth", x: x, y: first.forecast.truth(of: 0)),
                                               runs: all.map { RunLine(label: $0.label, x: x, y: $0.forecast.predictions(of: 0)) },
                                               title: lesson.chartTitle("forecasts"), subtitle: subtitle)
        }
        let lines = all.map { run in
            RunLine(label: run.label, x: run.forecast.steps.indices.map(Double.init),
                    y: zip(run.forecast.predictions(of: 0), run.forecast.truth(of: 0)).map { $0 - $1 })
        }
        return try forecastErrorChart(runs: lines, title: lesson.chartTitle("forecast errors"),
                                      subtitle: subtitle + "; their truths differ, so errors are shown")
    }

    /// val_loss per epoch of each run's last fit (loss when it had no validation).
    private func lossChart() throws -> LineChart? {
        var lines: [RunLine] = []
        var monitorsValidation = true
        for run in runs {
            guard let fit = run.entry?.fits.last, let history = store.record(key: fit.key)?.fit?.history, !history.isEmpty else { continue }
            let hasValidation = history.contains { $0.valLoss != nil }
            monitorsValidation = monitorsValidation && hasValidation
            lines.append(RunLine(label: run.label, x: history.map { Double($0.epoch) },
                                 y: history.map { hasValidation ? ($0.valLoss ?? .nan) : $0.loss }))
        }
        guard !lines.isEmpty else { return nil }
        return try lossComparisonChart(runs: lines, title: lesson.chartTitle(monitorsValidation ? "val_loss" : "loss"),
                                       yLabel: monitorsValidation ? "val_loss (MSE)" : "loss (MSE)")
    }

    private func writePNG(_ chart: LineChart, to relative: String) throws {
        let canvas: Canvas
        do {
            canvas = try chart.render()
        } catch {
            throw LessonError("cannot draw \(store.path(relative)): \(error)", file: store.path(relative), line: 0, column: 0, kind: .io)
        }
        try store.writePNG(canvas, to: relative,
                           text: ChartTextChunks.comparison(chart, lessonPath: lesson.path, overrides: shared, command: command))
    }
}
