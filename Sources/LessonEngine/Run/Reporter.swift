import Plot

/// The observer as a run uses it: muted while fresh upstream cells are replayed, and
/// without the cells' charts in a sweep (which shows only its summary charts).
final class Reporter {
    let observer: RunObserver
    var muted = false
    let showsCharts: Bool

    init(observer: RunObserver, showsCharts: Bool = true) {
        self.observer = observer
        self.showsCharts = showsCharts
    }

    func report(_ line: String) { if !muted { observer.report(line) } }
    func printed(_ line: String) { if !muted { observer.printed(line) } }
    func plotWritten(path: String, chart: LineChart) {
        if !muted && showsCharts { observer.plotWritten(path: path, chart: chart) }
    }
}
