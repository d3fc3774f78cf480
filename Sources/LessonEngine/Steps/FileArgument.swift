import LessonLanguage
/// The argument that names a file a statement reads: `series(csv: "tide.csv")`,
/// `load_model("weights.safetensors")` (which may also be `"best"`, no file of the
/// lesson's). One place, so a cell's key and the watcher follow the same files.
enum FileArgument {
    static func of(_ statement: Statement) -> Expression? {
        guard case .call(.call(let name, let positional, let keywords, _)) = statement else { return nil }
        switch name {
        case "series": return keywords.first { $0.name == "csv" }?.value
        case "load_model": return keywords.first { $0.name == "path" }?.value ?? positional.first
        default: return nil
        }
    }
}
