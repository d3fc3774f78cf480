#if os(Linux)
import Foundation
import Glibc

/// Watches files through Linux's inotify, on the folders that hold them: a file
/// written in place (`cat > file`: IN_CLOSE_WRITE), renamed over the original
/// (`sed -i`, vim: IN_MOVED_TO) or created anew (IN_CREATE) counts as changed.
/// Events for other names in those folders are dropped.
public final class InotifyWatcher: FileChangeSource {
    private let descriptor: Int32
    /// Absolute folder → its watch descriptor.
    private var watches: [String: Int32] = [:]
    /// Watch descriptor → absolute folder.
    private var folders: [Int32: String] = [:]
    /// Absolute file path → the path as given to `watch`.
    private var files: [String: String] = [:]

    private static let events = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE)

    /// Nil when the kernel refuses an inotify instance (the per-user limit is reached).
    public init?() {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public func watch(_ given: [String]) {
        files = Dictionary(given.map { (FileWatcher.absolute($0), $0) }, uniquingKeysWith: { first, _ in first })
        let needed = Set(files.keys.map(FileWatcher.folder(of:)))
        for (folder, watch) in watches where !needed.contains(folder) {
            inotify_rm_watch(descriptor, watch)
            watches[folder] = nil
            folders[watch] = nil
        }
        _ = addMissingWatches()
    }

    /// Watches the needed folders that have no watch: a folder that does not exist
    /// (yet, or any more) is tried again at every look, and the files in one that
    /// appeared count as changed (they may have appeared with it). Returns those files.
    private func addMissingWatches() -> Set<String> {
        var appeared: Set<String> = []
        for folder in Set(files.keys.map(FileWatcher.folder(of:))) where watches[folder] == nil {
            let watch = inotify_add_watch(descriptor, folder, Self.events)
            guard watch >= 0 else { continue }
            watches[folder] = watch
            folders[watch] = folder
            for (path, given) in files where FileWatcher.folder(of: path) == folder && FileManager.default.fileExists(atPath: path) {
                appeared.insert(given)
            }
        }
        return appeared
    }

    public func changes(waitingAtMost timeout: Double) -> Set<String> {
        let appeared = addMissingWatches()
        guard appeared.isEmpty else { return appeared }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: Int((max(0, timeout) * 1000).rounded(.up)))
        // EINTR (a signal arrived) is an ordinary timeout here: the caller looks at its flags.
        guard poll(&request, 1, milliseconds) > 0 else { return [] }
        var changed: Set<String> = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            changed.formUnion(parse(buffer[0..<count]))
        }
        return changed
    }

    /// The watched files named by the events in `bytes`: each event is a 16-byte header
    /// (wd, mask, cookie, len, as in `struct inotify_event`) followed by `len` bytes of
    /// NUL-padded name. Read field by field, so no alignment or layout is assumed.
    private func parse(_ bytes: ArraySlice<UInt8>) -> Set<String> {
        func word(_ offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { value, byte in value | UInt32(bytes[offset + byte]) << (8 * UInt32(byte)) }
        }
        var changed: Set<String> = []
        var offset = bytes.startIndex
        while offset + 16 <= bytes.endIndex {
            let watch = Int32(bitPattern: word(offset))
            let mask = word(offset + 4)
            let length = Int(word(offset + 12))
            let nameBytes = bytes[(offset + 16)..<min(bytes.endIndex, offset + 16 + length)].prefix { $0 != 0 }
            offset += 16 + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost: any file may have changed.
                changed.formUnion(files.values)
                continue
            }
            if mask & UInt32(IN_IGNORED) != 0, let folder = folders[watch] {
                // The folder was removed or moved: forget its watch, so the next `watch`
                // adds one again for a folder of that name.
                watches[folder] = nil
                folders[watch] = nil
                continue
            }
            guard let folder = folders[watch], !nameBytes.isEmpty else { continue }
            let path = (folder == "/" ? "" : folder) + "/" + String(decoding: nameBytes, as: UTF8.self)
            if let given = files[path] { changed.insert(given) }
        }
        return changed
    }
}
#endif
