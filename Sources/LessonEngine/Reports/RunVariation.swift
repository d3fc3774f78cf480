import LessonLanguage
/// How a run differs from its lesson as written: the `--set` overrides that give a name
/// another value than the lesson binds, another seed, other threads. Its `note`
/// ("N_HIDDEN=16, seed 1") is appended to the subtitles of the run's charts, so that two
/// posted charts of one lesson cannot be confused; its `overrides` and `command` go
/// into their PNG text chunks (`ChartTextChunks`).
struct RunVariation {
    /// What differs, in the order given on the command line: "N_HIDDEN=16", "seed 1", "1 thread".
    let differences: [String]
    /// Every override as NAME=VALUE, in the order given (the last of a name given twice),
    /// including those that change nothing; `result_dir` is left out (it says where
    /// results go, not what they are, and may hold a path of the user's).
    let overrides: [String]
    /// `--threads N`, when given.
    let threads: Int?
    /// The lesson as the user named it, made shareable (`ShareableCommand.lessonPath`).
    let lessonPath: String

    /// The differences for a subtitle, or nil when the run is the lesson as written.
    var note: String? { differences.isEmpty ? nil : differences.joined(separator: ", ") }

    /// `lesson run <lesson> --set NAME=VALUE ... --threads N`: the command that makes this
    /// run's charts again.
    var command: String { command(with: []) }

    /// The same with `options` after the lesson (`--sweep seed=0,1,2`).
    func command(with options: [String]) -> String {
        var words = ["run", lessonPath] + options
        for override in overrides { words += ["--set", override] }
        if let threads { words += ["--threads", String(threads)] }
        return ShareableCommand.text(words)
    }

    /// - Parameters:
    ///   - checked: what checking the lesson with the run's overrides found; it says which
    ///     values an override changes (`LessonChecker.Checked.changes`).
    ///   - options: the run's `--set` texts (already checked) and `--threads`.
    init(checked: LessonChecker.Checked, options: RunOptions) throws {
        var given: [(name: String, value: Value)] = []
        for text in options.overrides {
            let parsed = try Override.parse(text)
            given.removeAll { $0.name == parsed.name }
            given.append(parsed)
        }
        given.removeAll { $0.name == "result_dir" }
        var differences: [String] = []
        for (name, value) in given where checked.changes(name, to: value) {
            // --threads decides the threads over --set threads= (StepActions.setup).
            if name == "threads" && options.threads != nil { continue }
            differences.append(RunVariation.describe(name, value))
        }
        if let threads = options.threads, RunVariation.threadsChange(threads, checked) {
            differences.append(RunVariation.describe("threads", .int(threads)))
        }
        self.differences = differences
        overrides = given.map { "\($0.name)=\(ValueFormatter.representation($0.value))" }
        threads = options.threads
        lessonPath = ShareableCommand.lessonPath(options.lessonPath)
    }

    /// Whether `--threads N` differs from the threads the lesson as written sets: the
    /// value a `--set threads=` replaced, else the setup's as checking left it; without a
    /// setup that sets them, one per core.
    static func threadsChange(_ threads: Int, _ checked: LessonChecker.Checked) -> Bool {
        guard checked.bound.contains("threads") else { return checked.changes("threads", to: .int(threads)) }
        let replaced = checked.replacements.values.joined().first { $0.name == "threads" }
        guard let written = replaced?.lessonValue ?? checked.globals["threads"], written != .unknown else { return true }
        return written.wholeNumber != threads
    }

    /// "seed 1", "1 thread", "4 threads", else "NAME=VALUE".
    static func describe(_ name: String, _ value: Value) -> String {
        switch (name, value.wholeNumber) {
        case ("seed", let seed?): return "seed \(seed)"
        case ("threads", let threads?): return "\(threads) thread\(threads == 1 ? "" : "s")"
        default: return "\(name)=\(ValueFormatter.representation(value))"
        }
    }
}
