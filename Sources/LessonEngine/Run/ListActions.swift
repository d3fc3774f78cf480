import LessonLanguage
import Foundation

/// The step actions as `lesson list` needs them, drawing from the generator exactly as
/// a run does but building no weights or windows: `series` only counts its values
/// (it makes them only when its function may call `rand()`, or reads its CSV),
/// `windows` only counts, `shuffle` draws the permutation and drops it, and `compile`
/// only moves the initializers' stream position.
final class ListActions: StepPerformer {
    let actions: StepActions
    private var seriesCount: Int?
    private var windowCount: Int?

    init(actions: StepActions) {
        self.actions = actions
    }

    func perform(_ call: StepCall, in interpreter: Interpreter) throws -> [String: Value] {
        let session = actions.session
        switch call.name {
        case "compile": session.modelsBuilt += 1
        case "series":
            windowCount = nil
            if let function = call["function"], !ListActions.mayDraw(function, globals: interpreter.globals) {
                // Windows are cut after differencing, which drops the first `difference` values.
                seriesCount = call.integer("count").map { $0 - (call.integer("difference") ?? 0) }
            } else {
                _ = try actions.perform(call, in: interpreter)
                seriesCount = session.series.map { $0.count - $0.transform.lag }
            }
        case "windows":
            let horizon = call.integer("horizon") ?? 1
            if let count = seriesCount, let length = call.integer("length"), length >= 1, horizon >= 1, count >= length + horizon {
                windowCount = count - length - horizon + 1
            }
        case "shuffle":
            if let windowCount { _ = session.numpy.permutation(windowCount) }
        default: break
        }
        return [:]
    }

    /// Whether calling `function` may call `rand()`, directly or through the
    /// cell-defined functions it calls.
    static func mayDraw(_ function: Value, globals: [String: Value], followed: Set<String> = []) -> Bool {
        guard case .function(let f) = function, case .user(let user) = f.body else { return false }
        guard !followed.contains(f.name) else { return false }
        func draws(_ expression: Expression) -> Bool {
            switch expression {
            case .integer, .float, .string, .boolean, .name: return false
            case .unary(_, let operand, _): return draws(operand)
            case .binary(_, let left, let right, _): return draws(left) || draws(right)
            case .tuple(let items, _), .list(let items, _): return items.contains(where: draws)
            case .call(let name, let positional, let keywords, _):
                if name == "rand" { return true }
                if let called = globals[name], mayDraw(called, globals: globals, followed: followed.union([f.name])) { return true }
                return positional.contains(where: draws) || keywords.contains { draws($0.value) }
            }
        }
        return draws(user.body)
    }
}
