import LessonLanguage
import LSTMCore
import Foundation

/// `report.md`, written after a validate cell: the lesson's title, its parameters
/// (the constants, with any `--set`), the training's key numbers, the forecast's
/// errors and the PNGs, as Markdown that reads well on GitHub; when an `expect` did
/// not hold, which one and its values come first.
enum ReportFile {
    static let fileName = "report.md"

    static func text(lesson: Lesson, constants: [(name: String, value: String)], overrides: [String],
                     fit: FitRecord?, loaded: CheckpointRecord?, forecast: ForecastResult?, failure: String?,
                     outputs: [String], folder: String) -> String {
        var lines = ["# \(lesson.title)", "", "Results of `\(lesson.path)`.", ""]
        if let failure { lines += ["## Failed", "", "```text", failure, "```", ""] }
        if !constants.isEmpty {
            lines += ["## Parameters", "", "| name | value |", "| --- | --- |"]
            for constant in constants { lines.append("| `\(constant.name)` | `\(constant.value)` |") }
            if !overrides.isEmpty { lines += ["", "Set on the command line: " + overrides.map { "`--set \($0)`" }.joined(separator: ", ")] }
            lines.append("")
        }
        if let fit {
            lines += ["## Training", ""]
            lines.append("- epochs run: \(fit.history.count) of \(fit.epochs)" + (fit.stopReason.map { " (\($0))" } ?? ""))
            if let best = fit.best, let value = best.value {
                lines.append("- best epoch: \(best.epoch), \(fit.monitor ?? "val_loss") \(formatSignificant(value))")
            }
            if let last = fit.history.last {
                lines.append("- last epoch: loss \(formatSignificant(last.loss))"
                             + (last.valLoss.map { ", val_loss \(formatSignificant($0))" } ?? ""))
            }
            lines.append("")
        }
        if let forecast { lines += forecastSection(forecast, loaded: loaded, folder: folder) }
        for path in outputs where path.hasSuffix(".png") {
            let name = relative(path, to: folder)
            lines.append("![\(name)](\(name))")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    private static func forecastSection(_ forecast: ForecastResult, loaded: CheckpointRecord?, folder: String) -> [String] {
        var lines = ["## Forecast", ""]
        if let loaded { lines.append("- weights: `\(relative(loaded.path, to: folder))`" + (loaded.epoch > 0 ? " (epoch \(loaded.epoch))" : "")) }
        let first = forecast.steps.first ?? 0, last = forecast.steps.last ?? 0
        lines.append("- \(forecast.steps.count) steps, \(first)–\(last), " + (forecast.horizon == 1
            ? "each prediction fed back as the next input"
            : "\(forecast.horizon) steps a model call, each block fed back as the next inputs"))
        lines.append("- RMSE \(formatSignificant(forecast.rmse)), MAE \(formatSignificant(forecast.mae))"
                     + (forecast.columns.count > 1 ? " over the columns " + forecast.columns.joined(separator: ", ") : ""))
        for (c, name) in forecast.columns.enumerated() where forecast.columns.count > 1 {
            let errors = forecast.errors(of: c)
            lines.append("- \(name): RMSE \(formatSignificant(errors.rmse)), MAE \(formatSignificant(errors.mae))")
        }
        lines.append("")
        return lines
    }

    /// `path` relative to `folder` when inside it (links in the report stay valid when
    /// the folder is shared), else as it is.
    static func relative(_ path: String, to folder: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
