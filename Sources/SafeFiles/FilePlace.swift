/// A file named inside a folder held by descriptor: where the numerics write a
/// checkpoint or a history without ever following a link (`Folder`).
public struct FilePlace: Sendable {
    public let folder: Folder
    /// Relative to `folder`; may hold `/` (a checkpoint template's subfolder).
    public let name: String

    public init(folder: Folder, name: String) {
        self.folder = folder
        self.name = name
    }

    /// The place of a path the user gave (tests, tools): its folder opened following
    /// links, as the user meant; made first with `create`.
    public init(path: String, create: Bool = false) throws {
        let slash = path.lastIndex(of: "/")
        let parent = slash.map { String(path[..<$0]) } ?? "."
        folder = try Folder.open(parent.isEmpty ? "/" : parent, create: create)
        name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// How messages name the file.
    public var path: String { folder.path == "." ? name : folder.join(name) }

    public func read(limit: Int = Int.max) throws -> [UInt8]? { try folder.read(name, limit: limit) }
    public func write(_ bytes: [UInt8]) throws { try folder.write(bytes, to: name) }
}
