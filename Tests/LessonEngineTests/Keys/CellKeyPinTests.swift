import Foundation
import LSTMCore
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// A refactor that changes no behaviour changes no key: every lesson's cell keys
/// (docs/store.md "Keys"), computed as `lesson list` computes them with an empty store
/// (nothing trains), must equal `Tests/KeyPins/cell-keys.json`; the files a run of
/// `01-small-sine.md` writes must equal `Tests/KeyPins/small-sine-store.json`, times
/// excepted (`StoreBytes`). Both fixtures were made on the code before LessonEngine was split.
///
/// To remake them when keys or files are meant to change (a NumericsVersion bump, a new
/// store format, a lesson edited, a new version in the charts' Software chunk), on purpose:
/// `LESSON_WRITE_KEY_FIXTURE=1 swift test --filter CellKeyPinTests`, and say why in the commit.
final class CellKeyPinTests: LessonRunningTestCase {
    func testEveryLessonKeepsItsCellKeys() throws {
        if KeyPins.writing {
            if refuseWritingUnderCI() { return }
            try KeyPins.write(KeyPins.make(), to: KeyPins.keysFile)
            print("wrote \(KeyPins.keysFile)")
            return
        }
        guard let fixture = try fixture(CellKeyFixture.self, KeyPins.keysFile) else { return }
        let remake = "; if keys are meant to change, remake it (\(KeyPins.writeVariable)=1, see CellKeyPinTests)"
        XCTAssertEqual(fixture.numerics, NumericsVersion.current, "NumericsVersion changed" + remake)
        XCTAssertEqual(fixture.storeFormat, ResultStore.format, "ResultStore.format changed" + remake)
        XCTAssertEqual(fixture.machineThreads, KeyPins.machineThreads)
        XCTAssertEqual(fixture.lessons.map(\.lesson), try KeyPins.lessonPaths(), "lessons were added or removed" + remake)
        for entry in fixture.lessons {
            let asWritten = KeyPins.keys(entry.lesson, CellKeyFixture.Variation(set: []))
            if let error = entry.error {
                XCTAssertEqual(asWritten.error, error, "\(entry.lesson): the check's error changed")
                continue
            }
            let cells = entry.cells ?? []
            let lesson = try LessonFile.load(PackageFolder.root + "/" + entry.lesson)
            XCTAssertEqual(KeyPins.cellLabels(lesson), cells, "\(entry.lesson): its cells changed" + remake)
            for variation in entry.variations ?? [] {
                // What the fixture pins must be worth pinning: keys, some unlike the lesson's as written.
                XCTAssertNil(variation.error, "\(entry.lesson), \(variation.label): the fixture holds an error")
                if !variation.set.isEmpty || variation.threads != nil {
                    XCTAssertNotEqual(variation.keys, entry.variations?.first?.keys,
                                      "\(entry.lesson), \(variation.label): changes no key")
                }
                let now = variation.set.isEmpty && variation.threads == nil ? asWritten : KeyPins.keys(entry.lesson, variation)
                XCTAssertEqual(now.error, variation.error, "\(entry.lesson), \(variation.label): the error changed")
                let expected = variation.keys ?? [], actual = now.keys ?? []
                XCTAssertEqual(actual.count, expected.count, "\(entry.lesson), \(variation.label): number of keys")
                for (index, (key, pinned)) in zip(actual, expected).enumerated() {
                    let cell = index < cells.count ? cells[index] : "\(index + 1)"
                    XCTAssertEqual(key, pinned, "\(entry.lesson), cell \(cell), \(variation.label): its key changed" + remake)
                }
            }
        }
    }

    func testSmallSineStoreKeepsItsBytes() throws {
        let lesson = "Tests/EndToEndTests/Lessons/01-small-sine.md"
        try PackageFolder.copy(lesson, to: workingFolder + "/Lessons/01-small-sine.md")
        // Relative paths, as a user types them: records and charts name the lesson so.
        try LessonRunner(options: RunOptions(lessonPath: "Lessons/01-small-sine.md"), observer: SilentObserver()).run()
        let files = try StoreBytes.hashes(of: "result/01-small-sine")
        let listed = KeyPins.keys(lesson, CellKeyFixture.Variation(set: [])).keys ?? []
        XCTAssertEqual(files.keys.filter { $0.hasPrefix("store/cells/") }.sorted(), listed.map { "store/cells/\($0).json" }.sorted(),
                       "the run kept its cells under other keys than list computes")
        if KeyPins.writing {
            if refuseWritingUnderCI() { return }
            try KeyPins.write(StoreBytesFixture(remake: KeyPins.remakeNote, lesson: lesson, kernels: NumericsVersion.kernels,
                                                software: LessonVersion.software, files: files), to: KeyPins.storeFile)
            print("wrote \(KeyPins.storeFile)")
            return
        }
        guard let fixture = try fixture(StoreBytesFixture.self, KeyPins.storeFile) else { return }
        XCTAssertEqual(fixture.software, LessonVersion.software, "the charts' Software chunk names another version")
        XCTAssertEqual(files.keys.sorted(), fixture.files.keys.sorted(), "the result folder holds other files")
        // Weights and forecasts differ in their last bits on other kernels (the CPU varies from
        // machine to machine, CI's included): there the files are compared by name only.
        guard fixture.kernels == NumericsVersion.kernels else { return }
        for (name, hash) in fixture.files.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(files[name], hash, "result/01-small-sine/\(name) changed (times excepted)")
        }
    }

    /// The fixture at `path`, or nil after failing the test when it is missing.
    private func fixture<T: Decodable>(_ type: T.Type, _ path: String) throws -> T? {
        guard FileManager.default.fileExists(atPath: path) else {
            XCTFail("\(path) is missing; make it with \(KeyPins.writeVariable)=1 (see CellKeyPinTests)")
            return nil
        }
        return try KeyPins.read(type, from: path)
    }

    /// Whether the test failed because it was asked to write a fixture under CI.
    private func refuseWritingUnderCI() -> Bool {
        guard ProcessInfo.processInfo.environment["CI"] != nil else { return false }
        XCTFail("CI is set: \(KeyPins.writeVariable)=1 would write the fixture instead of checking it")
        return true
    }
}
