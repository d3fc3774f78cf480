/// A ModelCheckpoint file name template, as Keras fills it:
/// `filepath.format(epoch=epoch + 1, **logs)`, Python's `str.format`.
///
///     model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.3f}.safetensors
///     epoch 12, loss 0.01234, val_loss 0.00098  ->  model012-loss0.012-vloss0.001.safetensors
///
/// Fields: `epoch` (1-based integer), `loss` and `val_loss` (reals), each optionally with
/// a spec of Python's format mini-language (see `PythonFormatSpec`). `{{` and `}}` are
/// literal braces. The template is checked when made, so a lesson with a bad template
/// fails before training, with the column of the fault.
public struct CheckpointTemplate: Equatable, Sendable {
    /// What a field takes its value from.
    public enum Field: String, CaseIterable, Sendable {
        case epoch
        case loss
        case valLoss = "val_loss"
    }

    private enum Piece: Equatable, Sendable {
        case literal(String)
        case field(Field, PythonFormatSpec, column: Int)
    }

    /// The template as written.
    public let source: String
    private let pieces: [Piece]

    /// Parses and checks a template; throws `CheckpointTemplateError` with the column.
    public init(_ source: String) throws {
        self.source = source
        let chars = Array(source)
        var pieces: [Piece] = []
        var literal = ""
        var index = 0
        func fail(_ column: Int, _ message: String) -> CheckpointTemplateError {
            CheckpointTemplateError(template: source, column: column, message: message)
        }
        while index < chars.count {
            let char = chars[index]
            if char == "}" {
                guard index + 1 < chars.count, chars[index + 1] == "}" else {
                    throw fail(index + 1, "single '}' outside a field; write '}}' for a literal brace")
                }
                literal.append("}")
                index += 2
                continue
            }
            guard char == "{" else {
                literal.append(char)
                index += 1
                continue
            }
            if index + 1 < chars.count, chars[index + 1] == "{" {
                literal.append("{")
                index += 2
                continue
            }
            let open = index
            var close = index + 1
            while close < chars.count, chars[close] != "}" {
                if chars[close] == "{" {
                    throw fail(close + 1, "a '{' inside a field (a nested field) is not supported")
                }
                close += 1
            }
            guard close < chars.count else {
                throw fail(open + 1, "'{' is never closed by '}'; write '{{' for a literal brace")
            }
            let inside = String(chars[(open + 1)..<close])
            let colon = inside.firstIndex(of: ":")
            let name = colon.map { String(inside[..<$0]) } ?? inside
            let specText = colon.map { String(inside[inside.index(after: $0)...]) } ?? ""
            let field = try Self.field(named: name, column: open + 2, fail: fail)
            let specColumn = open + 2 + name.count + 1
            do {
                let spec = try PythonFormatSpec.parse(specText)
                try spec.check(integer: field == .epoch, field: field.rawValue)
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.field(field, spec, column: open + 1))
            } catch let problem as PythonFormatSpec.Problem {
                throw fail(specColumn + problem.offset, "in the format spec '\(specText)' of {\(name)}: \(problem.message)")
            }
            index = close + 1
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    private static func field(named name: String, column: Int,
                              fail: (Int, String) -> CheckpointTemplateError) throws -> Field {
        if let field = Field(rawValue: name) { return field }
        let known = "the fields are {epoch}, {loss} and {val_loss}"
        if name.isEmpty || name.allSatisfy(\.isNumber) {
            throw fail(column, "positional field '{\(name)}': Keras fills the template by name; \(known)")
        }
        if let bang = name.firstIndex(of: "!") {
            throw fail(column + name.distance(from: name.startIndex, to: bang),
                       "conversions such as '\(name[bang...])' are not supported; \(known)")
        }
        if let access = name.firstIndex(where: { $0 == "." || $0 == "[" }) {
            throw fail(column + name.distance(from: name.startIndex, to: access),
                       "attribute or index access in '{\(name)}' is not supported; \(known)")
        }
        let guess = Field.allCases.first { editDistance($0.rawValue, name) <= 2 }
        let hint = guess.map { " (did you mean '\($0.rawValue)'?)" } ?? ""
        throw fail(column, "unknown field '\(name)'\(hint); \(known)")
    }

    /// The fields the template uses, in order (e.g. to check that val_loss will exist).
    public var fields: [Field] {
        pieces.compactMap { piece in
            if case .field(let field, _, _) = piece { return field }
            return nil
        }
    }

    /// The file name for an epoch (1-based, as Keras passes `epoch + 1`) and its logs.
    /// Throws when the template uses `val_loss` and there is none (no validation split).
    public func filename(epoch: Int, loss: Double, valLoss: Double?) throws -> String {
        var name = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): name += text
            case .field(.epoch, let spec, _): name += spec.format(epoch)
            case .field(.loss, let spec, _): name += spec.format(loss)
            case .field(.valLoss, let spec, let column):
                guard let valLoss else {
                    throw CheckpointTemplateError(template: source, column: column, message:
                        "{val_loss} needs validation data, but this fit has none; set validation_split or remove the field")
                }
                name += spec.format(valLoss)
            }
        }
        return name
    }

    /// Levenshtein distance, for "did you mean" hints.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A checkpoint template that cannot be used: the template, the 1-based column, and why.
public struct CheckpointTemplateError: Error, CustomStringConvertible, Equatable, Sendable {
    public let template: String
    public let column: Int
    public let message: String

    public var description: String {
        "checkpoint template '\(template)', column \(column): \(message)"
    }
}
