import SafeFiles
import Foundation

/// The names of the files lesson writes in a result folder, so that `lesson clean`
/// removes those and nothing else (docs/store.md lists them). Every new kind of file a
/// later version writes must be added here, or `clean` will leave it.
enum StoreFileNames {
    /// The key of a cell record's name (`store/cells/<16 hex digits>.json`), or nil.
    static func recordKey(_ name: String) -> String? {
        guard name.hasSuffix(".json") else { return nil }
        let key = String(name.dropLast(5))
        return isKey(key) ? key : nil
    }

    /// `store/forecasts/<key>-<n>.csv`.
    static func isForecast(_ name: String) -> Bool {
        guard name.hasSuffix(".csv"), let dash = name.lastIndex(of: "-") else { return false }
        let ordinal = name[name.index(after: dash)..<name.index(name.endIndex, offsetBy: -4)]
        return isKey(String(name[..<dash])) && !ordinal.isEmpty && ordinal.allSatisfy(\.isASCIIDigit)
    }

    /// `runs/<date>-<host>-<pid>-<random>.json`.
    static func isLedgerEntry(_ name: String) -> Bool {
        name.hasSuffix(".json") && name.count > 16 && name.prefix(8).allSatisfy(\.isASCIIDigit)
    }

    /// Whether `relative` (a file's path inside the result folder) is one lesson writes.
    static func isLessons(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/").map(String.init)
        guard let name = parts.last else { return false }
        if TemporaryName.isTemporary(name) { return true }
        let folder = parts.dropLast().joined(separator: "/")
        switch parts.first {
        case nil: return false
        case "store":
            if folder == ResultStore.cellsFolder { return recordKey(name) != nil }
            if folder == ResultStore.forecastsFolder { return isForecast(name) }
            // Files moved aside keep their name with a time stamp after it.
            return folder == ResultStore.damagedFolder
        case "runs": return parts.count == 2 && isLedgerEntry(name)
        case "fits":
            // fit.json, history.csv, last.safetensors, the lock, and checkpoints (a
            // template may put them in folders of their own).
            guard parts.count >= 3 else { return false }
            if parts.count == 3, [FitFolder.startedFileName, FitFolder.historyFileName, FitLock.fileName].contains(name) { return true }
            return name.hasSuffix(".safetensors")
        case "sweeps": return parts.count == 3 && ["sweep.md", "compare.png", "losses.png"].contains(name)
        case "compare": return parts.count == 2 && ["compare.md", "compare.png", "losses.png"].contains(name)
        default:
            // The latest run's outputs: plots (a lesson may name them in folders), CSV files, the report.
            return ResultFolderClaim.outputExtensions.contains((name as NSString).pathExtension)
                && (parts.count == 1 || (name as NSString).pathExtension == "png")
        }
    }

    private static func isKey(_ text: String) -> Bool {
        text.count == 16 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
