import LessonLanguage
import LSTMCore
import Foundation

/// `lesson list`: a cell's state from its plan, evaluating only what keying needs.
extension CellWalk {
    /// The cell's state for `lesson list`. Evaluates setup and constants cells (cheap),
    /// binds the names model and data cells assign without building weights or windows,
    /// and takes what a kept validate cell bound from its record: the keys of the cells
    /// after it come out as a run would make them, with nothing trained or computed.
    func listState(of cell: Cell, _ plan: Plan) -> CellState {
        session.startCell(cell, key: plan.key)
        reporter.muted = true
        switch cell.kind {
        case .setup, .constants:
            // A cell that fails here is reported as it is by `lesson run`; the list only needs its state.
            forget(try? interpreter.run(cell, performer: actions))
        case .model, .data:
            forget(try? interpreter.run(cell, performer: ListActions(actions: actions)))
        case .fit:
            // A fresh fit leaves the generator as its shuffles did; later keys start there.
            if plan.stale == nil, let fit = plan.record?.fit, let words = try? NumpyRandomState(words: fit.generatorAfter) {
                session.numpy = NumpyRandom(state: words)
                session.fit = fit
            }
        case .validate:
            if plan.stale == nil, let bound = plan.record?.bound {
                for (name, representation) in bound { representations[name] = representation }
            }
        }
        let status: CellState.Status
        if let stale = plan.stale {
            if let record = plan.record, record.status == .failed {
                status = .failed(record.failure ?? record.summary)
            } else {
                status = plan.previous == nil && plan.interrupted == nil ? .neverRun : .stale(stale)
            }
        } else {
            status = .fresh
        }
        return CellState(index: cell.index, kind: cell.kind, name: cell.name, line: cell.fenceLine,
                         status: status, lastResult: plan.previous?.summary, key: plan.key)
    }

    /// Names a listed cell bound no longer show as a kept cell's representations.
    func forget(_ run: CellRun?) {
        for name in run?.namesBound ?? [] { representations[name] = nil }
    }
}
