import LSTMCore
import Plot

/// What a chart's PNG records about how it was made, as text chunks any PNG tool shows
/// (`exiftool`, Python's `PIL.Image.open(path).text`; docs/charts.md). Nothing here is a
/// path of the machine: the lesson is named as the user gave it, relative.
enum ChartTextChunks {
    /// The chunks of a run's prediction or loss chart, in this order: Title, Description,
    /// Software (`lesson 0.12.0`), Lesson, Cell (its index, and its name when it has one),
    /// Overrides (`N_HIDDEN=16, seed=1`, or `none`), Seed, Threads, Best epoch (when a fit
    /// or a checkpoint gave one), RMSE (of the forecast, 4 significant digits) and Command.
    static func run(title: String, description: String, cell: Int, cellName: String?, variation: RunVariation, seed: Int,
                    threads: Int, bestEpoch: Int?, rmse: Double) -> [(key: String, value: String)] {
        var chunks: [(key: String, value: String)] = [
            ("Title", title), ("Description", description), ("Software", LessonVersion.software),
            ("Lesson", variation.lessonPath), ("Cell", "\(cell)" + (cellName.map { " (\($0))" } ?? "")),
            ("Overrides", variation.overrides.isEmpty ? "none" : variation.overrides.joined(separator: ", ")),
            ("Seed", "\(seed)"), ("Threads", "\(threads)"),
        ]
        if let bestEpoch { chunks.append(("Best epoch", "\(bestEpoch)")) }
        chunks.append(("RMSE", formatSignificant(rmse, digits: 4)))
        chunks.append(("Command", variation.command))
        return chunks
    }

    /// The chunks of a comparison of runs (a sweep's or `lesson compare`'s charts): Title,
    /// Description (its subtitle), Software, Lesson, Overrides (those all its runs share)
    /// and Command.
    static func comparison(_ chart: LineChart, lessonPath: String, overrides: [String],
                           command: String) -> [(key: String, value: String)] {
        [("Title", chart.title), ("Description", chart.subtitle ?? ""), ("Software", LessonVersion.software),
         ("Lesson", ShareableCommand.lessonPath(lessonPath)),
         ("Overrides", overrides.isEmpty ? "none" : overrides.joined(separator: ", ")), ("Command", command)]
    }
}
