import LessonLanguage
/// What a step call needs from the cells before it; the checker finds a missing one
/// without running, the step actions when they run, with the same message.
enum Prerequisite {
    case compileNeedsInput, fitNeedsModel, fitNeedsData, windowsNeedSeries, shuffleNeedsWindows, bestNeedsFit,
         forecastNeedsModel, forecastNeedsSeries, plotNeedsForecast

    var message: String {
        switch self {
        case .compileNeedsInput: return "the model needs input(shape: (steps, 1)) before its layers"
        case .fitNeedsModel: return "fit(...) needs a model: add a model cell with layers and compile(...) before this cell"
        case .fitNeedsData: return "fit(...) needs data: add a data cell with series(...) and windows(length:) before this cell"
        case .windowsNeedSeries: return "windows(...) needs a series(...) before it"
        case .shuffleNeedsWindows: return "shuffle() shuffles the windows; call windows(length:) before it"
        case .bestNeedsFit: return "load_model(\"best\") loads the best checkpoint of a fit; add a fit cell before this cell"
        case .forecastNeedsModel: return "forecast(...) needs a model: a model cell or load_model(...) before it"
        case .forecastNeedsSeries: return "forecast(...) continues a series; add a data cell with series(...) before it"
        case .plotNeedsForecast: return "plot(...) draws a forecast; call forecast(steps:) before it"
        }
    }
}

extension StepCall {
    /// The located error for a prerequisite this call lacks.
    func error(_ missing: Prerequisite) -> LessonError { error(missing.message) }
}
