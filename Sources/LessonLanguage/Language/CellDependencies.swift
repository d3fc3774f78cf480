/// Which globals a cell depends on, found without running it: the cache key of a cell
/// hashes their values (docs/store.md, "Keys"), so editing
/// `EPOCH_NM` makes the fit and validate cells stale but not the model or data cells.
public extension Interpreter {
    /// Globals `cell` reads before binding them itself, including those read by the
    /// functions it uses (a cell-defined function's body is followed through the
    /// globals as they are bound now, or through its definition in this cell).
    /// Built-ins, vocabulary calls and function parameters are not globals. Sorted.
    public func namesRead(by cell: Cell) throws -> [String] {
        let statements: [Statement]
        do {
            statements = try Parser.parse(cell.lines.map(\.text))
        } catch let error as LanguageError {
            throw Interpreter.locate(error, in: cell)
        }
        var collector = DependencyCollector(globals: globals, reserved: reservedNames)
        for statement in statements {
            switch statement {
            case .assignment(let name, let value, _):
                collector.visit(value, parameters: [])
                collector.boundHere.insert(name)
            case .function(let name, let parameter, let body, _):
                // Conservative: what the body reads counts even if nothing calls it.
                collector.boundHere.insert(name)
                collector.visit(body, parameters: [parameter])
            case .call(let expression):
                collector.visit(expression, parameters: [])
            }
        }
        return collector.read.sorted()
    }
}

private struct DependencyCollector {
    let globals: [String: Value]
    /// Built-ins and the table's calls: never globals.
    let reserved: Set<String>
    var boundHere: Set<String> = []
    var read: Set<String> = []
    /// Functions whose bodies were already followed (a function may call itself).
    var followed: Set<String> = []

    init(globals: [String: Value], reserved: Set<String>) {
        self.globals = globals
        self.reserved = reserved
    }

    mutating func visit(_ expression: Expression, parameters: Set<String>) {
        switch expression {
        case .integer, .float, .string, .boolean:
            break
        case .name(let name, _):
            use(name, parameters: parameters)
        case .unary(_, let operand, _):
            visit(operand, parameters: parameters)
        case .binary(_, let left, let right, _):
            visit(left, parameters: parameters)
            visit(right, parameters: parameters)
        case .tuple(let items, _), .list(let items, _):
            for item in items { visit(item, parameters: parameters) }
        case .call(let name, let positional, let keywords, _):
            use(name, parameters: parameters)
            for argument in positional { visit(argument, parameters: parameters) }
            for keyword in keywords { visit(keyword.value, parameters: parameters) }
        }
    }

    /// Records a global read of `name` and follows a cell-defined function's body.
    private mutating func use(_ name: String, parameters: Set<String>) {
        guard !parameters.contains(name), !boundHere.contains(name) else { return }
        guard !reserved.contains(name) else { return }
        read.insert(name)
        guard case .function(let function)? = globals[name], case .user(let user) = function.body,
              !followed.contains(name) else { return }
        followed.insert(name)
        visit(user.body, parameters: [user.parameter])
    }
}
