/// Checking a call's arguments against its `Vocabulary` signature.
public extension Interpreter {
    /// Evaluates and checks a call's arguments against its signature: positional ones
    /// fill parameters in order, keywords must exist, types and ranges must hold,
    /// required ones must be there; defaults fill the rest.
    public func checkedArguments(_ signature: CallTable.Signature, _ positional: [Expression], _ keywords: [KeywordArgument],
                          at position: SourcePosition, locals: [String: Value] = [:]) throws -> [String: Value] {
        let parameters = signature.parameters
        let owner = signature.role == .constructor ? "\(signature.name) " : ""
        if positional.count > parameters.count {
            let extra = positional[parameters.count]
            throw LanguageError(parameters.isEmpty ? "\(signature.name) takes no arguments"
                                : "\(signature.name) takes at most \(parameters.count) positional argument"
                                + (parameters.count == 1 ? "" : "s") + "; name the others, as in \(signature.usage)", extra.start)
        }
        var given: [String: Value] = [:]
        func check(_ parameter: CallTable.Parameter, _ expression: Expression) throws {
            let value = try evaluate(expression, locals: locals)
            switch parameter.type.check(value) {
            case .success(let checked): given[parameter.name] = checked
            case .failure(let problem):
                throw LanguageError("\(owner)\(parameter.name) \(problem.message)", expression.start)
            }
        }
        for (parameter, expression) in zip(parameters, positional) {
            try check(parameter, expression)
        }
        for keyword in keywords {
            guard let parameter = parameters.first(where: { $0.name == keyword.name }) else {
                let names = parameters.map(\.name)
                let accepts = names.isEmpty ? "it takes no arguments"
                    : "it takes " + names.map { "\($0):" }.joined(separator: ", ")
                throw LanguageError("\(signature.name) has no argument '\(keyword.name)'"
                                    + Suggestion.hint(for: keyword.name, among: names, otherwise: accepts), keyword.position)
            }
            guard given[parameter.name] == nil else {
                throw LanguageError("argument '\(keyword.name)' is given twice (once by position)", keyword.position)
            }
            try check(parameter, keyword.value)
        }
        var arguments = given
        for parameter in parameters where arguments[parameter.name] == nil {
            if parameter.required {
                throw LanguageError("\(signature.name) needs \(parameter.name): (\(parameter.type.phrase))", position)
            }
            if let value = parameter.defaultValue { arguments[parameter.name] = value }
        }
        if let rule = signature.rule, let problem = rule(arguments) {
            throw LanguageError(problem, position)
        }
        return arguments
    }
}
