import Foundation

/// A file a lesson names for reading (`series(csv:)`, and the cell key that hashes
/// what it reads), opened so that nothing the name leads to can hang the program or
/// fill its memory:
///
/// - it is opened with `O_NONBLOCK`, since opening a named pipe (FIFO) for reading
///   waits for a writer, possibly for ever; then `fstat` on the open descriptor (not
///   on the name, which could be swapped in between) says what it is, and anything but
///   a regular file is refused by what it is: a folder, a FIFO, a device (`/dev/zero`
///   never ends), a socket;
/// - its size is checked against the caller's limit before a byte is read;
/// - it is read in chunks of `chunkBytes`, so the caller never holds more than it
///   keeps, and Ctrl-C (or SIGTERM) is honoured between chunks.
public final class ReadableFile {
    /// Why the file cannot be read; every one is an I/O error (exit status 74).
    public struct Refusal: Error, Equatable {
        public enum Reason: Equatable {
            /// It cannot be opened; `cause` in words (`no such file`, `permission denied`).
            case unopenable(cause: String)
            /// It is not a regular file: `a folder`, `a named pipe (FIFO)`, `a device`.
            case notAFile(kind: String)
            case tooLarge(size: Int, limit: Int)
            /// It grew past the limit while it was read.
            case grew(limit: Int)
            /// A read failed; `cause` in words.
            case unreadable(cause: String)
        }

        public var path: String
        /// What the file should be (`a CSV file`).
        public var what: String
        public var reason: Reason
        /// Nothing is there by that name (the caller may say where names are looked up).
        public var isMissing = false

        /// The reason, with the path: `data/x.csv is a folder, not a CSV file`.
        public var message: String {
            switch reason {
            case .unopenable(let cause), .unreadable(let cause): return "cannot read \(path): \(cause)"
            case .notAFile(let kind): return "\(path) is \(kind), not \(what)"
            case .tooLarge(let size, let limit):
                return "\(path) is \(ByteCount.decimal(size)), more than the \(ByteCount.decimal(limit)) \(what) may have"
            case .grew(let limit): return "\(path) grew past \(ByteCount.decimal(limit)) while it was read"
            }
        }
    }

    /// Ctrl-C or SIGTERM came while the file was read.
    public struct Interrupted: Error {}

    public let path: String
    private let what: String
    /// Bytes the file held when it was opened.
    public let size: Int
    private let descriptor: Int32

    /// Bytes read at a time: large enough that a 200 MB file takes 200 reads, small
    /// enough that an interruption is seen within milliseconds.
    public static let chunkBytes = 1 << 20

    /// Opens `path`, refusing what is not a regular file of at most `limit` bytes.
    /// `what` names what the file should be, for messages (`a CSV file`).
    public init(_ path: String, what: String, limit: Int) throws {
        self.path = path
        let opened = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        func refusal(_ reason: Refusal.Reason) -> Refusal { Refusal(path: path, what: what, reason: reason) }
        guard opened >= 0 else {
            let code = errno
            var refused = refusal(.unopenable(cause: ReadableFile.words(code)))
            refused.isMissing = code == ENOENT
            throw refused
        }
        var info = stat()
        guard fstat(opened, &info) == 0 else {
            let cause = ReadableFile.words(errno)
            close(opened)
            throw refusal(.unopenable(cause: cause))
        }
        if let kind = ReadableFile.kind(of: info.st_mode) {
            close(opened)
            throw refusal(.notAFile(kind: kind))
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            close(opened)
            throw refusal(.tooLarge(size: size, limit: limit))
        }
        // A regular file never blocks; the flag is cleared so reads behave as usual.
        let flags = fcntl(opened, F_GETFL)
        if flags >= 0 { _ = fcntl(opened, F_SETFL, flags & ~O_NONBLOCK) }
        descriptor = opened
        self.size = size
        self.what = what
    }

    deinit { close(descriptor) }

    /// Hands `body` the file's bytes in order, a chunk at a time; no more than `limit`
    /// bytes in all (a file that grows past it while it is read is refused).
    /// `isInterrupted` is asked before each chunk.
    public func forEachChunk(limit: Int, isInterrupted: () -> Bool = { false },
                      _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: max(1, min(ReadableFile.chunkBytes, size + 1)))
        var total = 0
        while true {
            if isInterrupted() { throw Interrupted() }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Refusal(path: path, what: what, reason: .unreadable(cause: ReadableFile.words(errno)))
            }
            if count == 0 { return }
            total += count
            guard total <= limit else {
                throw Refusal(path: path, what: what, reason: .grew(limit: limit))
            }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// What a file that is not a regular one is, in words; nil for a regular file.
    private static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// The causes a user can act on, in the program's own words; others in the system's.
    private static func words(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "a part of its path is a file, not a folder"
        case ELOOP: return "its path goes through too many symbolic links"
        case ENAMETOOLONG: return "its name is too long"
        case EMFILE, ENFILE: return "too many files are open"
        case EIO: return "the disk reported an error"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
