import SafeFiles

/// One walk over a result folder when its store opens, by descriptor: the symbolic
/// links anywhere inside it (refused: `ResultStore.open`), and the temporary files
/// that processes no longer running left behind (a `kill -9` mid-write), which the
/// next run or `lesson clean` removes.
struct StoreInspection {
    /// Names relative to the folder.
    var links: [String] = []
    var abandoned: [String] = []

    /// Folders deeper than this are not walked (lesson writes three levels at most; a
    /// checkpoint template may add a few).
    static let maximumDepth = 12

    static func inspect(_ folder: Folder) throws -> StoreInspection {
        var inspection = StoreInspection()
        try inspection.walk(folder, prefix: "", depth: 0)
        return inspection
    }

    private mutating func walk(_ folder: Folder, prefix: String, depth: Int) throws {
        guard depth <= StoreInspection.maximumDepth else { return }
        for entry in try folder.entries() {
            let name = prefix + entry.name
            switch entry.kind {
            case .link: links.append(name)
            case .folder:
                // A folder swapped for a link between the listing and here fails to open: a link too.
                do {
                    if let below = try folder.folder(entry.name) { try walk(below, prefix: name + "/", depth: depth + 1) }
                } catch let error as FolderError where error.isLink {
                    links.append(name)
                }
            case .file, .other:
                if TemporaryName.isAbandoned(entry.name) { abandoned.append(name) }
            }
        }
    }
}
