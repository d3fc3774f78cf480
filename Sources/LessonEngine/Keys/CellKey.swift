import LessonLanguage
import LSTMCore
import Foundation

/// A cell's cache key (docs/store.md): a hash of the store's format, the numerics'
/// version, the cell's kind and canonical statements (`CanonicalCell`), the values of
/// the globals it reads, the numpy generator's state at its start, the keys of the results it
/// uses (fit uses the model and the data; validate the fit), the `--set` overrides it
/// binds, the files it reads, for model cells the initializers' stream, and for fit and
/// validate cells the threads (they change the last bits). Computing keys builds no
/// weights, windows or forecasts (`CellWalk.listState`).
///
/// An unchanged key means a kept result is *fresh*; otherwise the differences from the
/// cell's newest kept result say why it is stale (`EPOCH_NM 1000 → 30`).
enum CellKey {
    /// Results a cell of `kind` uses, by the kinds of the cells that made them. A fit
    /// after another fit goes on training the weights that fit left, so it uses it too.
    static func upstreamKinds(of kind: StepKind) -> [StepKind] {
        switch kind {
        case .fit: return [.model, .data, .fit]
        case .validate: return [.model, .data, .fit]
        case .setup, .constants, .model, .data: return []
        }
    }

    /// - Parameters:
    ///   - representations: how names bound by cells that were not run show in keys
    ///     (a kept validate cell's `predictions`), in place of their values.
    static func inputs(for cell: Cell, interpreter: Interpreter, session: RunSession, latestKeys: [StepKind: String],
                       overrides: [String: Value], representations: [String: String] = [:]) throws -> CellInputs {
        var names: [String: String] = [:]
        for name in try interpreter.namesRead(by: cell) {
            names[name] = representations[name] ?? interpreter.globals[name].map(representation) ?? "(unbound)"
        }
        var upstream: [String: String] = [:]
        for kind in upstreamKinds(of: cell.kind) { upstream[kind.rawValue] = latestKeys[kind] ?? "none" }
        let touching = try overridesChanging(cell, overrides).map { "\($0)=\(representation(overrides[$0] ?? .none))" }
        let files = try filesRead(by: cell, interpreter: interpreter, session: session)
        let numerical = cell.kind == .fit || cell.kind == .validate
        var generator = StableHash()
        generator.add(session.numpy.state.words)
        return CellInputs(source: StableHash.of([cell.kind.rawValue, try CanonicalCell.text(of: cell)]), names: names,
                          generator: generator.hex, seed: session.seed, upstream: upstream, overrides: touching,
                          initializer: cell.kind == .model ? initializerState(session) : "",
                          files: files.isEmpty ? nil : files, threads: numerical ? BLAS.threads : nil,
                          numerics: NumericsVersion.current)
    }

    /// Names of `overrides` the cell binds to another value than its own: an override
    /// that gives a name the literal the cell writes (`--set seed=0` for `seed = 0`)
    /// changes nothing, so it does not change the key either. Sorted.
    static func overridesChanging(_ cell: Cell, _ overrides: [String: Value]) throws -> [String] {
        var written: [String: Expression] = [:]
        for statement in try CanonicalCell.statements(of: cell) {
            if case .assignment(let name, let value, _) = statement { written[name] = value }
        }
        return overrides.keys.sorted().filter { name in
            guard let expression = written[name], let value = overrides[name] else { return false }
            guard expression.isLiteral, let own = try? Override.parse(name + "=" + expression.text).value else { return true }
            return representation(own) != representation(value)
        }
    }

    /// Files the cell reads (`series(csv:)`, `load_model` of a path), by the name the
    /// cell gives, with a hash of their bytes: a changed CSV makes the data cell stale.
    /// Only names written as a string or a global holding one are followed; evaluating
    /// anything else could draw from the generator before the cell runs.
    static func filesRead(by cell: Cell, interpreter: Interpreter, session: RunSession) throws -> [String: String] {
        guard cell.kind == .data || cell.kind == .validate else { return [:] }
        let statements = try CanonicalCell.statements(of: cell)
        func text(_ expression: Expression?) -> String? {
            switch expression {
            case .string(let value, _)?: return value
            case .name(let name, _)?: return interpreter.globals[name]?.string
            default: return nil
            }
        }
        var files: [String: String] = [:]
        for statement in statements {
            guard let file = text(FileArgument.of(statement)), file != "best" else { continue }
            // A file the lesson may not read is not read for its key either; its step refuses it.
            guard let path = try? session.paths.readable(file) else {
                files[file] = missingFile
                continue
            }
            let limit = isCSV(statement) ? CSVColumn.maximumBytes : Int.max
            files[file] = fileHash(path, limit: limit, isInterrupted: { session.interrupt.isRequested })
        }
        return files
    }

    /// How `files` records a file that is not there, or that cannot be read (a
    /// folder, a FIFO, one larger than its step reads): the step then says why.
    static let missingFile = "missing"
    static let unreadableFile = "unreadable"

    /// The hash of the file's bytes, read in chunks as `ReadableFile` reads them (never
    /// whole, never a FIFO or a device, nothing over `limit`): the same hash as the
    /// bytes added at once, so a kept result stays fresh. After Ctrl-C the hash is cut
    /// short and marked, which keys nothing: the run stops before the next cell.
    static func fileHash(_ path: String, limit: Int, isInterrupted: () -> Bool = { false }) -> String {
        var hash = StableHash()
        do {
            let file = try ReadableFile(path, what: "a file", limit: limit)
            try file.forEachChunk(limit: limit, isInterrupted: isInterrupted) { hash.add(chunk: $0) }
        } catch let refusal as ReadableFile.Refusal {
            return refusal.isMissing ? missingFile : unreadableFile
        } catch {
            return "interrupted"
        }
        hash.endField()
        return hash.hex
    }

    private static func isCSV(_ statement: Statement) -> Bool {
        if case .call(.call("series", _, _, _)) = statement { return true }
        return false
    }

    /// Where the weight initialisers' stream stands: `seed 0`, or `seed 0 after 1 model`.
    static func initializerState(_ session: RunSession) -> String {
        let built = session.modelsBuilt
        return "seed \(session.seed)" + (built == 0 ? "" : " after \(built) model\(built == 1 ? "" : "s")")
    }

    static func key(_ inputs: CellInputs) -> String {
        var parts = ["lesson cell key", String(ResultStore.format), String(inputs.numerics), inputs.source, inputs.generator,
                     inputs.initializer, inputs.threads.map(String.init) ?? "-"]
        for name in inputs.names.keys.sorted() { parts += [name, inputs.names[name] ?? ""] }
        for kind in inputs.upstream.keys.sorted() { parts += [kind, inputs.upstream[kind] ?? ""] }
        parts += inputs.overrides
        for file in (inputs.files ?? [:]).keys.sorted() { parts += [file, inputs.files?[file] ?? ""] }
        return StableHash.of(parts)
    }

    /// Why a cell with `inputs` differs from one that ran with `old`: the changes, in
    /// words (`EPOCH_NM 1000 → 30; threads 1 → 2`).
    static func changes(from old: CellInputs, to inputs: CellInputs) -> String {
        var reasons: [String] = []
        if old.numerics != inputs.numerics {
            reasons.append("the numerics changed since (version \(old.numerics) → \(inputs.numerics))")
        }
        if old.source != inputs.source { reasons.append("cell text changed") }
        for name in Set(old.names.keys).union(inputs.names.keys).sorted() {
            let before = old.names[name], after = inputs.names[name]
            guard before != after else { continue }
            switch (before, after) {
            case (let b?, let a?): reasons.append("\(name) \(short(b)) → \(short(a))")
            case (nil, _): reasons.append("reads \(name) now")
            case (_, nil): reasons.append("no longer reads \(name)")
            }
        }
        if old.overrides != inputs.overrides {
            reasons.append(inputs.overrides.isEmpty
                ? "last run had --set " + old.overrides.joined(separator: " ") + ", this one has none"
                : "--set " + inputs.overrides.joined(separator: " "))
        }
        let kinds = StepKind.allCases.map(\.rawValue).filter { old.upstream[$0] != nil || inputs.upstream[$0] != nil }
        for kind in kinds where old.upstream[kind] != inputs.upstream[kind] {
            reasons.append("\(kind) changed")
        }
        let oldFiles = old.files ?? [:], newFiles = inputs.files ?? [:]
        for file in Set(oldFiles.keys).union(newFiles.keys).sorted() where oldFiles[file] != newFiles[file] {
            switch newFiles[file] {
            case missingFile?: reasons.append("\(file) is missing")
            case unreadableFile?: reasons.append("\(file) cannot be read")
            default: reasons.append("\(file) changed")
            }
        }
        if old.initializer != inputs.initializer { reasons.append("\(old.initializer) → \(inputs.initializer)") }
        if old.threads != inputs.threads, let before = old.threads, let after = inputs.threads {
            reasons.append("threads \(before) → \(after)")
        }
        if old.generator != inputs.generator && reasons.isEmpty && old.seed != inputs.seed {
            reasons.append("seed \(old.seed) → \(inputs.seed)")
        } else if old.generator != inputs.generator && reasons.isEmpty {
            reasons.append("random generator state changed (the seed or an earlier rand() or shuffle())")
        }
        return reasons.isEmpty ? "its inputs changed" : reasons.joined(separator: "; ")
    }

    /// Longest representation kept as it is; longer ones (a forecast's predictions) are
    /// kept as their hash, so keys and records stay small.
    static let longestRepresentation = 200

    /// A value as the key sees it: the language's representation (a hash when long),
    /// and a cell-defined function with its body (its meaning, not only its name).
    static func representation(_ value: Value) -> String {
        switch value {
        case .list(let items) where items.count > 20, .tuple(let items) where items.count > 20:
            // Hashed item by item: a million predictions never become one string.
            var hash = StableHash()
            for item in items { hash.add(fullRepresentation(item)) }
            return "#\(hash.hex) (\(items.count) values)"
        default:
            let text = fullRepresentation(value)
            return text.count <= longestRepresentation ? text : "#" + StableHash.of([text]) + " (\(text.count) characters)"
        }
    }

    private static func fullRepresentation(_ value: Value) -> String {
        switch value {
        case .function(let f):
            if case .user(let user) = f.body { return "\(f.name)(\(user.parameter)) = \(user.body.text)" }
            return "<builtin \(f.name)>"
        case .list(let items): return "[" + items.map(fullRepresentation).joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map(fullRepresentation).joined(separator: ", ") + ")"
        default: return ValueFormatter.representation(value)
        }
    }

    private static func short(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(37)) + "..."
    }
}
