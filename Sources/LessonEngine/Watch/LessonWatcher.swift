import LessonLanguage
import Foundation
import Synchronization

/// `lesson watch FILE`: runs the lesson, then waits; each time the lesson or a file
/// it reads is saved, runs it again. A run replays fresh cells silently and runs only
/// the stale ones, so this is an ordinary run each time.
///
/// Two interrupts are involved, and kept apart on purpose. The program's own (set by
/// Ctrl-C) is never handed to a run: each run gets a fresh `Interrupt` that only this
/// watcher requests, either because the user asked to stop (it relays Ctrl-C within
/// a poll, 50 ms) or because a save touched the fit that trains. Sharing the program's
/// interrupt would make the signal handler count a watcher's stop as a first Ctrl-C,
/// so the user's real first Ctrl-C would end the program at once instead of cleanly;
/// and after the run it could not tell an edit from a Ctrl-C.
///
/// While a run goes on, a second thread watches the files; the run's thread is the
/// caller's. Each owns the file source and the debouncer in turn, never both at once.
public final class LessonWatcher {
    /// What the watcher needs of the program around it.
    public struct Hooks {
        /// Ctrl-C or SIGTERM asked the program to stop.
        public var stopRequested: () -> Bool
        /// True while the watcher only waits (nothing runs, so a Ctrl-C needs no notice).
        public var waiting: (Bool) -> Void
        /// Shows one of the watcher's own lines.
        public var say: (String) -> Void
        /// Shows an error of a run, or of a lesson that does not load.
        public var showError: (Error) -> Void

        public init(stopRequested: @escaping () -> Bool, waiting: @escaping (Bool) -> Void,
                    say: @escaping (String) -> Void, showError: @escaping (Error) -> Void) {
            self.stopRequested = stopRequested
            self.waiting = waiting
            self.say = say
            self.showError = showError
        }
    }

    let options: RunOptions
    let observer: RunObserver
    let source: FileChangeSource
    var debouncer: Debouncer
    let hooks: Hooks
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    /// How long one look at the files waits at most: how soon Ctrl-C is noticed.
    static let pollSeconds = 0.05

    public init(options: RunOptions, observer: RunObserver, source: FileChangeSource = FileWatcher.make(),
                debouncer: Debouncer = Debouncer(), hooks: Hooks) {
        var options = options
        // An upstream edit stops a fit; undone, the same key comes back and goes on
        // from its last finished epoch instead of starting over.
        options.continueInterrupted = true
        self.options = options
        self.observer = observer
        self.source = source
        self.debouncer = debouncer
        self.hooks = hooks
        start = clock.now
    }

    /// Seconds since the watcher started, for the debouncer.
    var now: Double {
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    var path: String { options.lessonPath }

    /// Runs and watches until Ctrl-C. Throws only when the lesson cannot be read at the
    /// start (there is nothing to watch); later errors are shown and watching goes on.
    public func run() throws {
        if case .failure(let error) = LessonSnapshot.load(path), let failure = error as? LessonError, failure.kind == .io {
            throw failure
        }
        var previous: LessonSnapshot?
        var changed: Set<String> = []
        while !hooks.stopRequested() {
            let snapshot = try? LessonSnapshot.load(path).get()
            source.watch([path] + ((snapshot ?? previous)?.inputs.filter { $0 != path } ?? []))
            hooks.say(changed.isEmpty ? "watch: running \(path)"
                      : "watch: \(Self.list(changed, lesson: path)) changed\(Self.what(previous, snapshot, changed)); running the stale cells")
            let outcome = runOnce(snapshot, first: changed.isEmpty)
            if snapshot != nil { previous = snapshot }
            switch outcome {
            case .stopped:
                return
            case .changedDuringRun(let files):
                changed = files
                continue
            case .finished:
                break
            }
            guard let files = waitForChanges() else { return }
            changed = files
        }
    }

    /// `Lessons/x.md, Lessons/tide.csv`: the lesson first, then the other files in order.
    static func list(_ files: Set<String>, lesson: String) -> String {
        let others = files.subtracting([lesson]).sorted()
        return ((files.contains(lesson) ? [lesson] : []) + others).joined(separator: ", ")
    }

    /// ` (cell 5 fit)`, or nothing when either text is unknown.
    static func what(_ old: LessonSnapshot?, _ new: LessonSnapshot?, _ files: Set<String>) -> String {
        guard let old, let new else { return "" }
        return " (" + LessonEdit.describe(from: old, to: new, files: files) + ")"
    }
}
