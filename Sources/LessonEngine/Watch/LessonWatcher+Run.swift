import Foundation
import Synchronization

extension LessonWatcher {
    /// How a watched run ended.
    enum Outcome {
        case finished
        /// Ctrl-C: the watcher ends.
        case stopped
        /// Files changed while it ran (it may have been stopped for them): run again.
        case changedDuringRun(Set<String>)
    }

    /// What the thread watching the files during a run found, read by the run's
    /// thread once that one is joined. A class, so both threads share the one lock.
    final class Findings: Sendable {
        struct State {
            var runEnded = false
            var userStopped = false
            var editStoppedFit = false
            var changed: Set<String> = []
        }

        private let state = Mutex(State())

        func withLock<R>(_ body: (inout State) -> R) -> R { state.withLock { body(&$0) } }
    }

    /// Runs the lesson once, watching the files on a second thread meanwhile. The first
    /// run shows every cell, as `lesson run` does; later ones ask for the last cell only
    /// (`--cell N`), so fresh cells before it restore without a word and only the stale
    /// ones, the fits and that last cell show what they do.
    func runOnce(_ snapshot: LessonSnapshot?, first: Bool) -> Outcome {
        var options = self.options
        if !first, let last = snapshot?.cells.last { options.selection = .only(String(last.index)) }
        let interrupt = Interrupt()
        let tracker = WatchObserver(base: observer)
        let findings = Findings()
        let watched = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            watchDuringRun(snapshot, interrupt: interrupt, tracker: tracker, findings: findings)
            watched.signal()
        }
        thread.start()
        var failure: Error?
        do {
            try LessonRunner(options: options, observer: tracker, interrupt: interrupt).run()
        } catch {
            failure = error
        }
        findings.withLock { $0.runEnded = true }
        watched.wait()
        tracker.runEnded()
        let found = findings.withLock { $0 }
        if found.userStopped || hooks.stopRequested() {
            // The interruption's own notice says how to go on (`lesson watch FILE` resumes the fit).
            if let failure { hooks.showError(failure) }
            return .stopped
        }
        if let failure {
            if found.editStoppedFit, let stopped = Self.stopped(failure) {
                hooks.say("watch: " + stopped)
            } else {
                hooks.showError(failure)
            }
        }
        return found.changed.isEmpty ? .finished : .changedDuringRun(found.changed)
    }

    /// Watches the files until the run ends: relays Ctrl-C to the run, gathers saves,
    /// and stops the fit that trains when a save touches it (`LessonEdit.touchesFit`).
    private func watchDuringRun(_ snapshot: LessonSnapshot?, interrupt: Interrupt, tracker: WatchObserver,
                                findings: Findings) {
        while !findings.withLock({ $0.runEnded }) {
            debouncer.note(source.changes(waitingAtMost: Self.pollSeconds), at: now)
            if hooks.stopRequested(), !findings.withLock({ $0.userStopped }) {
                findings.withLock { $0.userStopped = true }
                interrupt.request()
            }
            guard let batch = debouncer.take(at: now) else { continue }
            findings.withLock { $0.changed.formUnion(batch) }
            guard let fit = tracker.runningFit, let snapshot, !findings.withLock({ $0.editStoppedFit }) else { continue }
            let current = try? LessonSnapshot.load(path).get()
            let saved = "watch: \(Self.list(batch, lesson: path)) changed\(Self.what(snapshot, current, batch))"
            if LessonEdit.touchesFit(fit, running: snapshot, now: current, files: batch) {
                findings.withLock { $0.editStoppedFit = true }
                interrupt.request()
                tracker.note(saved + "; stopping the fit of cell \(fit) after this batch")
            } else {
                tracker.note(saved + "; the fit goes on, and the lesson runs again when this run ends")
            }
        }
    }

    /// Says so, then waits for a batch of saves; nil when Ctrl-C came first. Waiting is
    /// declared before the line shows, so a Ctrl-C that follows it gets no "Stopping" notice.
    func waitForChanges() -> Set<String>? {
        hooks.waiting(true)
        defer { hooks.waiting(false) }
        hooks.say("watch: waiting for changes to \(path) (Ctrl-C stops)")
        while !hooks.stopRequested() {
            debouncer.note(source.changes(waitingAtMost: Self.pollSeconds), at: now)
            if let batch = debouncer.take(at: now) { return batch }
        }
        return nil
    }

    /// What the watcher's stop left, in words; nil for errors that are not a stop.
    static func stopped(_ error: Error) -> String? {
        switch error {
        case let stopped as RunInterrupted:
            if let cell = stopped.beforeCell { return "stopped before cell \(cell); nothing was lost" }
            let after = stopped.epoch == 0 ? "before its first epoch ended" : "after epoch \(stopped.epoch)"
            return "stopped the fit \(after); it is kept, and resumes from there if its cells come back as they were"
        case let stopped as CellInterrupted:
            return "stopped cell \(stopped.cell) (\(stopped.kind.rawValue)); its new results were not kept"
        default:
            return nil
        }
    }
}
