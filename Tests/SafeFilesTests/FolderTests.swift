import Foundation
import XCTest
@testable import SafeFiles

/// A folder held by descriptor never follows a link below it: reads, writes, listings,
/// moves and removals each meet a planted link and refuse it (or remove the link
/// itself), and a marker folder outside stays byte for byte as it was.
final class FolderTests: XCTestCase {
    private var root = ""
    private var outside = ""

    override func setUpWithError() throws {
        let base = NSTemporaryDirectory() + "safefiles-\(UUID().uuidString)"
        root = base + "/root"
        outside = base + "/outside"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside + "/sub", withIntermediateDirectories: true)
        try Data("thesis\n".utf8).write(to: URL(fileURLWithPath: outside + "/thesis.txt"))
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: outside + "/sub/notes.txt"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent)
    }

    private func outsideListing() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in FileManager.default.enumerator(atPath: outside)?.allObjects as? [String] ?? [] {
            if let data = FileManager.default.contents(atPath: outside + "/" + name) { files[name] = data }
        }
        return files
    }

    private func link(_ name: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/" + name, withDestinationPath: target)
    }

    func testWritesMakeFoldersAndReadBack() throws {
        let folder = try Folder.open(root)
        try folder.write(Array("a,b\n".utf8), to: "store/cells/x.json")
        XCTAssertEqual(try folder.read("store/cells/x.json"), Array("a,b\n".utf8))
        XCTAssertEqual(folder.kind(of: "store/cells"), .folder)
        XCTAssertNil(try folder.read("store/cells/missing.json"))
        XCTAssertNil(try folder.read("nowhere/missing.json"))
        // No temporary file is left beside it.
        XCTAssertEqual(try folder.entries("store/cells").map(\.name), ["x.json"])
    }

    func testALinkAtAnyComponentIsRefusedAndNothingOutsideChanges() throws {
        let before = try outsideListing()
        try FileManager.default.createDirectory(atPath: root + "/store", withIntermediateDirectories: true)
        try link("store/cells", to: outside)
        try link("fits", to: outside)
        try link("report.md", to: outside + "/thesis.txt")
        let folder = try Folder.open(root)
        for name in ["store/cells/x.json", "fits/a/history.csv", "report.md"] {
            XCTAssertThrowsError(try folder.write([1, 2, 3], to: name), name) { error in
                XCTAssertEqual((error as? FolderError)?.isLink, true, "\(error)")
            }
        }
        XCTAssertThrowsError(try folder.read("store/cells/thesis.txt")) { XCTAssertEqual(($0 as? FolderError)?.isLink, true) }
        XCTAssertThrowsError(try folder.read("report.md")) { XCTAssertEqual(($0 as? FolderError)?.isLink, true) }
        XCTAssertThrowsError(try folder.entries("fits")) { XCTAssertEqual(($0 as? FolderError)?.isLink, true) }
        XCTAssertEqual(try outsideListing(), before)
    }

    func testRemoveTreeRemovesALinkItselfNeverItsTarget() throws {
        let before = try outsideListing()
        let folder = try Folder.open(root)
        try folder.write([1], to: "fits/a/history.csv")
        try link("fits/a/docs", to: outside)
        let removed = try folder.removeTree("fits")
        XCTAssertEqual(removed, 1)
        XCTAssertNil(folder.kind(of: "fits"))
        XCTAssertEqual(try outsideListing(), before)
    }

    func testAFolderSwappedForALinkAfterOpeningKeepsWritingIntoTheOriginal() throws {
        let folder = try Folder.open(root)
        let fit = try folder.makeFolder("fits/a")
        try FileManager.default.moveItem(atPath: root + "/fits/a", toPath: root + "/fits/a.moved")
        try link("fits/a", to: outside)
        try fit.write([7], to: "history.csv")
        XCTAssertEqual(FileManager.default.contents(atPath: root + "/fits/a.moved/history.csv"), Data([7]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside + "/history.csv"))
        XCTAssertThrowsError(try folder.folder("fits/a")) { XCTAssertEqual(($0 as? FolderError)?.isLink, true) }
    }

    func testNonRegularFilesAndLimitsAreRefusedBeforeReading() throws {
        let folder = try Folder.open(root)
        try folder.write(Array(repeating: 0, count: 100), to: "big.csv")
        XCTAssertThrowsError(try folder.read("big.csv", limit: 99)) { error in
            XCTAssertEqual((error as? FolderError)?.size, 100)
        }
        XCTAssertEqual(try folder.read("big.csv", limit: 100)?.count, 100)
        _ = try folder.makeFolder("afolder")
        XCTAssertThrowsError(try folder.read("afolder")) { XCTAssertEqual(($0 as? FolderError)?.kind, .folder) }
        XCTAssertEqual(mkfifo(root + "/pipe", 0o644), 0)
        XCTAssertThrowsError(try folder.read("pipe")) { XCTAssertEqual(($0 as? FolderError)?.kind, .other) }
    }

    func testNamesThatLeaveTheFolderAreRefused() throws {
        let folder = try Folder.open(root)
        for name in ["../x", "/etc/passwd", "a/../../x", "a//b", "./x"] {
            XCTAssertThrowsError(try folder.write([1], to: name), name)
        }
    }

    func testTemporaryNamesCarryTheWritersProcess() {
        let name = TemporaryName.make(for: "prediction.png")
        XCTAssertEqual(TemporaryName.process(of: name), getpid())
        XCTAssertFalse(TemporaryName.isAbandoned(name), "this process runs")
        // pid_max on Linux is at most 2^22: this one cannot run.
        XCTAssertTrue(TemporaryName.isAbandoned(".prediction.png.99999999.abc.tmp"))
        XCTAssertTrue(TemporaryName.isAbandoned(".prediction.png.0F2B63A7-7E2D-4C2B-9E6E-0B1C2D3E4F50.tmp"), "older names")
        XCTAssertTrue(TemporaryName.isAbandoned(".last.safetensors.tmp-1x2y3z"), "older checkpoint names")
        XCTAssertFalse(TemporaryName.isTemporary("prediction.png"))
    }

    func testALockNamesItsHolder() throws {
        let folder = try Folder.open(root)
        XCTAssertNil(FileLock.holder(of: ".lock", in: folder))
        let lock = try FileLock(".lock", in: folder)
        // flock locks belong to the open file: a second open in this process conflicts too.
        XCTAssertEqual(FileLock.holder(of: ".lock", in: folder), getpid())
        XCTAssertThrowsError(try FileLock(".lock", in: folder)) { error in
            XCTAssertEqual(error as? FileLock.Failure, .held(by: getpid()))
        }
        lock.release()
        XCTAssertNil(FileLock.holder(of: ".lock", in: folder))
    }
}
