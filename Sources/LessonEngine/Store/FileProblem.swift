import Foundation

/// A file-system error in plain words. Foundation on Linux often reports only its own
/// domain and number (`NSCocoaErrorDomain error 512`), which tells a user nothing, so
/// the cause is found on the disk where it can be (a file where a folder must be) and
/// otherwise named from the error's code.
enum FileProblem {
    /// Why `path` could not be written or read, as words: `result/plain is a file, not a folder`.
    static func describe(_ error: Error, at path: String? = nil) -> String {
        if let path, let blocking = fileInTheWay(of: path) { return "\(blocking) is a file, not a folder" }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let cocoa = error as? CocoaError, let words = words(for: cocoa.code) { return words }
        let reason = nsError.localizedFailureReason ?? nsError.localizedDescription
        return reason.contains("NSCocoaErrorDomain") ? "the system refused (file error \(nsError.code))" : reason
    }

    /// The first folder of `path` that is a file instead (so nothing can be made below it).
    private static func fileInTheWay(of path: String) -> String? {
        var folder = (path as NSString).deletingLastPathComponent
        var blocking: String?
        while !folder.isEmpty && folder != "/" && folder != "." {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && !isFolder.boolValue { blocking = folder }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return blocking
    }

    private static func words(for code: CocoaError.Code) -> String? {
        switch code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteVolumeReadOnly: return "the disk is read-only"
        case .fileWriteFileExists: return "something is already there"
        case .fileReadCorruptFile: return "the file is damaged"
        case .fileReadTooLarge: return "the file is too large"
        default: return nil
        }
    }
}
