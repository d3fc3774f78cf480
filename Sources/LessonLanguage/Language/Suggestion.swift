/// "Did you mean ...?" suggestions by edit distance.
public enum Suggestion {
    /// Largest edit distance at which a word is suggested: 2, enough for a swapped or missing letter.
    public static let maximumDistance = 2

    /// Optimal-string-alignment distance (Levenshtein plus swaps of two neighbours,
    /// so `lsmt` → `lstm` is 1). O(|a|·|b|) time; inputs are identifiers.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        // d[i][j] = distance between x[..<i] and y[..<j]
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = min(best, d[i - 2][j - 2] + 1)
                }
                d[i][j] = best
            }
        }
        return d[x.count][y.count]
    }

    /// The closest candidate within `maximumDistance` of `word`, or nil.
    /// Comparison ignores case; a candidate is only suggested when the distance is
    /// smaller than the typed word's length (so `x` never suggests `e`).
    /// Ties go to the candidate that sorts first, so messages are deterministic.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = word.lowercased()
        guard typed.count <= 64 else { return nil }
        var best: (distance: Int, word: String)?
        for candidate in Set(candidates) where candidate != word {
            // The distance is at least the difference in length: a long candidate (a
            // CSV's header field of a megabyte) is passed over without comparing.
            guard abs(candidate.count - typed.count) <= maximumDistance else { continue }
            let d = distance(typed, candidate.lowercased())
            guard d <= maximumDistance, d < typed.count else { continue }
            if let current = best, current.distance < d || (current.distance == d && current.word < candidate) {
                continue
            }
            best = (d, candidate)
        }
        return best?.word
    }

    /// `" (did you mean 'lstm'?)"` when a word is close, else `"; " + otherwise` (the
    /// list of valid words): a message names one fix or all the choices, not both.
    public static func hint(for word: String, among candidates: [String], otherwise: String) -> String {
        closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? "; " + otherwise
    }

    /// `" (did you mean 'lstm'?)"` or the empty string.
    public static func hint(for word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
