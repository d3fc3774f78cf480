import LessonLanguage
import SafeFiles
import LSTMCore
import Foundation

/// Validate cell: `load_model("best")` or a file, `forecast(steps:)` after the series
/// (binding predictions, truth, rmse, mae, and per predicted column of several
/// rmse_<column>, ...), and `plot(...)` (Step+Plot.swift). A forecast kept in the store
/// is read back, checked against its record's hash, instead of computed again.
extension StepActions {
    func validate(_ call: StepCall, interpreter: Interpreter) throws -> [String: Value] {
        switch call.name {
        case "load_model": return try loadModel(call)
        case "forecast": return try forecast(call, interpreter: interpreter)
        case "plot": try plot(call); return [:]
        default: return [:]
        }
    }

    private func loadModel(_ call: StepCall) throws -> [String: Value] {
        let name = try call.value("path", \.string)
        let path: String
        /// The store file `load_model("best")` reads, by the store's descriptor; nil for a
        /// file the lesson names (checked by `readablePath`, read where it leads).
        var kept: String?
        var why: String
        var epoch = 0
        var value = Double.nan
        if name == "best" {
            guard let fit = session.fit else { throw call.error(.bestNeedsFit) }
            if let best = fit.best {
                kept = best.path
                path = session.store.path(best.path)
                epoch = best.epoch
                value = best.value ?? .nan
                let monitor = fit.monitor ?? "val_loss"
                why = "lowest \(monitor) \(formatSignificant(value)) at epoch \(epoch) of \(fit.history.count)"
            } else {
                kept = fit.lastPath
                path = session.store.path(fit.lastPath)
                epoch = fit.history.last?.epoch ?? 0
                value = fit.history.last?.valLoss ?? fit.history.last?.loss ?? .nan
                why = "the fit kept no checkpoints (no model_checkpoint callback), so its final weights, epoch \(epoch)"
            }
        } else {
            path = try session.readablePath(name, for: call)
            why = "as asked"
        }
        let place: FilePlace
        do {
            place = try kept.map { try session.store.place($0, create: false) } ?? FilePlace(path: path)
        } catch {
            throw call.error("cannot read \(path): no such file", kind: .io)
        }
        guard place.folder.kind(of: place.name) != nil else { throw call.error("cannot read \(path): no such file", kind: .io) }
        let file: ModelFile
        do {
            // Read against the model cell's network when there is one (a file without
            // metadata takes its activations from it); a file of another network loads
            // as its own model.
            if let model = session.model, let matching = try? ModelFile.read(place, expected: model.architecture) {
                try matching.assign(to: model)
                file = matching
            } else {
                file = try ModelFile.read(place, timesteps: session.windows?.timesteps)
                let model = try file.makeModel()
                session.model = model
                session.optimizer = RMSprop(parameters: model.parameters)
            }
        } catch {
            if kept != nil, let failure = session.store.fileSystemFailure(error) { throw failure }
            throw call.error("cannot load \(path): \(StepActions.problem(of: error))")
        }
        if name != "best" {
            epoch = file.epoch ?? 0
            value = file.valLoss ?? .nan
            if epoch > 0 { why = "epoch \(epoch)" + (value.isNaN ? "" : ", val_loss \(formatSignificant(value))") }
        }
        session.loadedCheckpoint = CheckpointRecord(epoch: epoch, path: path, value: value.isNaN ? nil : value)
        session.reporter.report("Loaded \(path): \(why)")
        return ["best_epoch": .int(epoch), "best_val_loss": .double(value), "checkpoint": .string(path)]
    }

    private func forecast(_ call: StepCall, interpreter: Interpreter) throws -> [String: Value] {
        guard let model = session.model else { throw call.error(.forecastNeedsModel) }
        guard let series = session.series else { throw call.error(.forecastNeedsSeries) }
        let steps = try call.value("steps", \.wholeNumber)
        let plan = try ForecastPlan(model: model, series: series, steps: steps, call: call)
        let count = series.count
        let ordinal = session.forecastPaths.count + 1
        let kept = ResultStore.forecastPath(key: session.cellKey, ordinal: ordinal)
        var result: ForecastResult
        var how: String
        /// The CSV's bytes: as kept (checked against its hash) or as just computed.
        let csv: [UInt8]
        let store = session.store
        if !session.options.force, let stored = keptForecast(kept), stored.result.steps.count == steps,
           stored.result.steps.first == count, stored.result.columns == plan.names {
            result = stored.result
            csv = stored.bytes
            how = "restored from \(store.path(kept)), not computed again"
        } else {
            let started = ContinuousClock.now
            // The known inputs' holdout is checked (in `predict`) before the truth's, so a short
            // holdout is reported as what the forecast lacks first.
            let predictions = try predict(model, plan, after: series, steps: steps, call: call)
            let truth = try plan.predicted.map { try truthAfter(series, column: $0, steps: steps, call: call, interpreter: interpreter) }
            result = ForecastResult(steps: Array(count..<(count + steps)), columns: plan.names,
                                    truth: ForecastPlan.interleaved(truth), predictions: ForecastPlan.interleaved(predictions))
            let elapsed = ContinuousClock.now - started
            let ms = Double(elapsed.components.attoseconds) * 1e-15 + Double(elapsed.components.seconds) * 1000
            how = "in \(String(format: "%.0f", ms)) ms"
            csv = Array(ForecastFile.text(result).utf8)
            try store.write(csv, to: kept)
        }
        result.horizon = plan.horizon
        session.forecast = result
        session.forecastPaths.append(kept)
        session.forecastHashes.append(StepActions.forecastHash(csv))
        let csvPath = session.outputPath("forecast.csv")
        try store.write(csv, to: "forecast.csv")
        session.outputs.append(csvPath)
        let rmse = result.rmse, mae = result.mae
        session.summary = "rmse \(formatSignificant(rmse, digits: 4)), mae \(formatSignificant(mae, digits: 4)) over \(steps) steps"
        var perColumn = ""
        var bindings: [String: Value] = ["predictions": .doubles(result.predictions), "truth": .doubles(result.truth),
                                         "rmse": .double(rmse), "mae": .double(mae)]
        for (c, name) in result.columns.enumerated() {
            let errors = result.errors(of: c)
            let suffix = ForecastPlan.bindingSuffix(name)
            bindings["rmse_" + suffix] = .double(errors.rmse)
            bindings["mae_" + suffix] = .double(errors.mae)
            bindings["predictions_" + suffix] = .doubles(result.predictions(of: c))
            bindings["truth_" + suffix] = .doubles(result.truth(of: c))
            perColumn += "; '\(name)' rmse \(formatSignificant(errors.rmse, digits: 4)), mae \(formatSignificant(errors.mae, digits: 4))"
        }
        session.reporter.report("forecast: \(steps) steps after step \(count - 1) \(how): "
                                + "rmse \(formatSignificant(rmse, digits: 4)), mae \(formatSignificant(mae, digits: 4))"
                                + perColumn + "; wrote \(csvPath)")
        return bindings
    }

    /// The values column `column`'s forecast is measured against: f(count + k) for a
    /// function's series, else the CSV's held-out values; in the data's own units.
    private func truthAfter(_ series: SeriesData, column: Int, steps: Int, call: StepCall,
                            interpreter: Interpreter) throws -> [Double] {
        let count = series.count
        guard let function = series.function else {
            let holdout = series.holdout[column]
            guard holdout.count >= steps else {
                throw call.error("forecast(steps: \(steps)) is measured against held-out values, but series(csv:) holds out "
                                 + "\(holdout.count); raise holdout: or forecast fewer steps")
            }
            return Array(holdout.prefix(steps))
        }
        var truth: [Double] = []
        truth.reserveCapacity(steps)
        for k in 0..<steps {
            if k % 1024 == 0, session.interrupt.isRequested { throw CellInterrupted(call, lesson: session.lesson.path) }
            truth.append(try interpreter.number(function, at: .int(count + k), for: call))
        }
        return truth
    }

    /// The model's free-running forecast after the series' last window, per predicted
    /// column in the data's own units: the seed's pipelined forecast where it applies
    /// (one step a call, every column predicted), else `H` steps a call with the known
    /// columns read from the holdout.
    private func predict(_ model: Sequential, _ plan: ForecastPlan, after series: SeriesData, steps: Int,
                         call: StepCall) throws -> [[Double]] {
        let transformed = series.transformed
        let F = series.columns.count, T = model.architecture.timesteps
        var window = [Float](repeating: 0, count: T * F)
        let rows = transformed[0].count
        for t in 0..<T { for c in 0..<F { window[t * F + c] = Float(transformed[c][rows - T + t]) } }
        let output: [Float]
        do {
            let stop = { [session] in session.interrupt.isRequested }
            if plan.horizon == 1 && plan.predicted == Array(0..<F) {
                output = try model.forecast(seed: window, steps: steps, shouldStop: stop)
            } else {
                output = try model.forecast(seed: window, known: try plan.knownRows(series, steps: steps, call: call), predicted: plan.predicted,
                                            horizon: plan.horizon, steps: steps, shouldStop: stop)
            }
        } catch is ForecastStopped {
            throw CellInterrupted(call, lesson: session.lesson.path)
        } catch let error as LessonError {
            throw error
        } catch {
            throw call.error("\(error)")
        }
        let k = plan.predicted.count
        return plan.predicted.enumerated().map { c, column in
            let z = stride(from: c, to: output.count, by: k).map { Double(output[$0]) }
            return series.transform.inverse(z, column: column, history: series.raw[column])
        }
    }

    /// The hash a validate record keeps of a forecast file's bytes.
    static func forecastHash(_ bytes: [UInt8]) -> String {
        var hash = StableHash()
        hash.add(bytes: Data(bytes))
        return hash.hex
    }

    /// The forecast kept in `relative`, checked against the hash its cell's record keeps:
    /// a damaged file is moved aside, with a warning, and the forecast computed again.
    private func keptForecast(_ relative: String) -> (result: ForecastResult, bytes: [UInt8])? {
        let store = session.store
        guard let bytes = store.readIfPossible(relative) else { return nil }
        let expected = store.record(key: session.cellKey)?.forecastHash(of: relative)
        guard let result = ForecastFile.parse(bytes), expected == nil || expected == StepActions.forecastHash(bytes) else {
            store.moveAside(relative, because: "it is not the forecast its cell kept (damaged or edited)",
                            so: "the forecast is computed again")
            return nil
        }
        return (result, bytes)
    }
}
