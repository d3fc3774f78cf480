import Plot

/// The observer as a run uses it: muted while fresh upstream cells are replayed.
final class Reporter {
    let observer: RunObserver
    var muted = false

    init(observer: RunObserver) {
        self.observer = observer
    }

    func report(_ line: String) { if !muted { observer.report(line) } }
    func printed(_ line: String) { if !muted { observer.printed(line) } }
    func plotWritten(path: String, chart: LineChart) { if !muted { observer.plotWritten(path: path, chart: chart) } }
}
