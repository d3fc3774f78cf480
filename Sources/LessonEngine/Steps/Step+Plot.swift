import LessonLanguage
import LSTMCore
import Plot
import Foundation

/// Validate cell, `plot(file:, truth:, prediction:, label:, compare:, compare_label:,
/// compare_color:, column:, scale:)`: the prediction and loss charts of the forecast,
/// drawn into the result folder with subtitles that say how the run differs from the
/// lesson as written and text chunks that record how they were made.
extension StepActions {
    func plot(_ call: StepCall) throws {
        guard let forecast = session.forecast else { throw call.error(.plotNeedsForecast) }
        let column = try plotColumn(call, forecast)
        let truth = forecast.truth(of: column), predictions = forecast.predictions(of: column)
        let truthColor: Color, predictionColor: Color
        var compared: [(label: String, values: [Double], color: Color)] = []
        do {
            truthColor = try Color(named: try call.value("truth", \.string))
            predictionColor = try Color(named: try call.value("prediction", \.string))
            if let values = call["compare"]?.elements {
                let numbers = values.compactMap(\.number)
                guard numbers.count == predictions.count else {
                    throw call.error("compare: has \(values.count) values but the forecast has \(predictions.count) steps; "
                                     + "give it the predictions of a forecast of as many steps")
                }
                compared.append((try call.value("compare_label", \.string), numbers,
                                 try Color(named: try call.value("compare_color", \.string))))
            }
        } catch let error as LessonError {
            throw error
        } catch {
            throw call.error("\(error)")
        }
        let file = try call.value("file", \.string)
        let scale = try call.value("scale", \.wholeNumber)
        let name = file.hasSuffix(".png") ? file : file + ".png"
        _ = try session.writablePath(name, for: call)
        let rmse = forecast.columns.isEmpty ? forecast.rmse : forecast.errors(of: column).rmse
        let epoch = session.loadedCheckpoint?.epoch ?? session.fit?.best?.epoch ?? session.fit?.history.last?.epoch
        let description = "lesson \(session.lesson.slug), cell \(call.cellIndex)"
            + (forecast.columns.isEmpty ? "" : ", column '\(forecast.columns[column])'")
            + (epoch.map { ", epoch \($0)" } ?? "") + ", RMSE \(formatSignificant(rmse))"
        let note = session.variation.note
        func chunks(title: String, description: String) -> [(key: String, value: String)] {
            ChartTextChunks.run(title: title, description: description, cell: call.cellIndex, cellName: session.cell?.name,
                                variation: session.variation, seed: session.seed, threads: BLAS.threads, bestEpoch: epoch,
                                rmse: rmse)
        }
        do {
            let chart = try predictionChart(steps: forecast.steps, truth: truth, prediction: predictions,
                                            title: forecast.columns.isEmpty ? session.lesson.title : session.lesson.chartTitle(forecast.columns[column]),
                                            rmse: rmse,
                                            truthColor: truthColor, predictionColor: predictionColor,
                                            predictionLabel: try call.value("label", \.string), compared: compared, scale: scale)
            try writeChart(chart.noting(note), to: name, text: chunks(title: session.lesson.title, description: description))
            if let fit = session.fit, !fit.history.isEmpty {
                let lossPath = OutputFiles.join((name as NSString).deletingLastPathComponent, "loss.png")
                let losses = try lossChart(loss: fit.history.map(\.loss), valLoss: fit.history.map(\.valLoss),
                                           bestEpoch: fit.best?.epoch, title: session.lesson.chartTitle("loss"), scale: scale)
                let lossDescription = "lesson \(session.lesson.slug), cell \(call.cellIndex), \(fit.history.count) epochs"
                    + (fit.best.map { ", best epoch \($0.epoch)" } ?? "")
                try writeChart(losses.noting(note), to: lossPath, text: chunks(title: losses.title, description: lossDescription))
            }
        } catch let error as LessonError {
            throw error
        } catch {
            throw call.error("cannot draw the plot: \(error)")
        }
    }

    /// The predicted column `plot(column:)` draws: needed when several are predicted.
    private func plotColumn(_ call: StepCall, _ forecast: ForecastResult) throws -> Int {
        guard let name = call.string("column") else {
            if forecast.columns.count > 1 { throw call.error(StepRules.plotNeedsColumn(forecast.columns)) }
            return 0
        }
        let names = forecast.columns.isEmpty ? [session.series?.columns.first ?? name] : forecast.columns
        guard let index = names.firstIndex(of: name) else {
            throw call.error(StepRules.plotColumnProblem(name, predicted: names))
        }
        return index
    }

    /// Draws `chart` into the result folder's file `name` (a name the lesson gave, checked).
    private func writeChart(_ chart: LineChart, to name: String, text: [(key: String, value: String)]) throws {
        let canvas = try chart.render()
        try session.store.writePNG(canvas, to: name, text: text)
        let path = session.outputPath(name)
        session.outputs.append(path)
        session.reporter.report("plot: wrote \(path)")
        session.reporter.plotWritten(path: path, chart: chart)
    }
}

extension LineChart {
    /// The chart with `note` (how the run differs from the lesson as written) after its
    /// subtitle: "RMSE 0.151 over 200 steps; N_HIDDEN=16, seed 1".
    func noting(_ note: String?) -> LineChart {
        guard let note else { return self }
        var chart = self
        chart.subtitle = (subtitle.map { $0 + "; " } ?? "") + note
        return chart
    }
}
