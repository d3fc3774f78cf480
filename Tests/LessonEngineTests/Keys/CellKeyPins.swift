import Foundation
import LSTMCore
import XCTest
@testable import LessonEngine
@testable import LessonLanguage

/// What `Tests/KeyPins/cell-keys.json` holds: every lesson's cell keys as `lesson list`
/// computes them with an empty store, as written and under a few `--set`/`--threads`
/// variations (`CellKeyPinTests`).
struct CellKeyFixture: Codable, Equatable {
    var remake: String
    var numerics: Int
    var storeFormat: Int
    /// Threads set before each lesson, as a machine of 2 cores starts: fit and validate
    /// keys hold the threads, and lessons without `threads =` keep the machine's.
    var machineThreads: Int
    var lessons: [LessonKeys]

    struct LessonKeys: Codable, Equatable {
        /// Relative to the package root.
        var lesson: String
        /// `index kind [name]` of each cell, in order.
        var cells: [String]?
        /// The check's error, for a lesson that has no keys.
        var error: String?
        var variations: [Variation]?
    }

    struct Variation: Codable, Equatable {
        var set: [String]
        /// `--threads N`.
        var threads: Int? = nil
        /// One key per cell, in order; or the error computing them threw.
        var keys: [String]? = nil
        var error: String? = nil

        var label: String {
            let words = set.map { "--set " + $0 } + (threads.map { ["--threads \($0)"] } ?? [])
            return words.isEmpty ? "as written" : words.joined(separator: " ")
        }
    }
}

/// What `Tests/KeyPins/small-sine-store.json` holds: a hash of each file a run of
/// `01-small-sine.md` leaves in its result folder, with times taken out (`StoreBytes`).
struct StoreBytesFixture: Codable, Equatable {
    var remake: String
    var lesson: String
    /// `NumericsVersion.kernels` of the machine that made it: weights and forecasts
    /// differ in their last bits on other kernels.
    var kernels: String
    var software: String
    var files: [String: String]
}

enum KeyPins {
    static let folder = PackageFolder.root + "/Tests/KeyPins"
    static let keysFile = folder + "/cell-keys.json"
    static let storeFile = folder + "/small-sine-store.json"
    static let writeVariable = "LESSON_WRITE_KEY_FIXTURE"
    static let machineThreads = 2

    static var writing: Bool { ProcessInfo.processInfo.environment[writeVariable] == "1" }

    /// `Lessons/*.md` and `Tests/EndToEndTests/Lessons/*.md`, relative to the package root.
    static func lessonPaths() throws -> [String] {
        try ["Lessons", "Tests/EndToEndTests/Lessons"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: PackageFolder.root + "/" + folder)
                .filter { $0.hasSuffix(".md") }.sorted().map { folder + "/" + $0 }
        }
    }

    /// The keys `lesson list` computes for `lesson` (relative to the package root) under
    /// `variation`, with the store in the current directory's `result/` (empty).
    static func keys(_ lesson: String, _ variation: CellKeyFixture.Variation) -> (keys: [String]?, error: String?) {
        var options = RunOptions(lessonPath: PackageFolder.root + "/" + lesson)
        options.overrides = variation.set
        options.threads = variation.threads
        let before = BLAS.threads
        BLAS.setThreads(machineThreads)
        defer { BLAS.setThreads(before) }
        do {
            return (try LessonRunner(options: options, observer: SilentObserver()).cellStates().map(\.key), nil)
        } catch {
            return (nil, "\(error)".replacingOccurrences(of: PackageFolder.root + "/", with: ""))
        }
    }

    static func cellLabels(_ lesson: Lesson) -> [String] {
        lesson.cells.map { "\($0.index) \($0.kind.rawValue)" + ($0.name.map { " " + $0 } ?? "") }
    }

    /// Extra variations where a lesson's constants hold a string the generic ones skip.
    static let extraVariations: [String: [[String]]] = [
        "Lessons/07-recurrent-cells.md": [["CELL=\"gru\""]],
        "Tests/EndToEndTests/Lessons/recurrent-kinds.md": [["CELL=\"lstm\""]],
    ]

    /// The variations the fixture pins for `lesson`: as written; the setup's seed + 1;
    /// its threads 1 ↔ 2 (1 when unset); `--threads 3`; from the first constants cell,
    /// the first whole-number constant not named `EPOCH...` halved (1 → 2), the first
    /// `EPOCH...` one at 2, and both together.
    static func variations(of lesson: Lesson, path: String) throws -> [CellKeyFixture.Variation] {
        func literals(_ kind: StepKind) throws -> [(name: String, value: LessonEngine.Expression)] {
            guard let cell = lesson.cells.first(where: { $0.kind == kind }) else { return [] }
            return try CanonicalCell.statements(of: cell).compactMap { statement in
                if case .assignment(let name, let value, _) = statement, value.isLiteral { return (name, value) }
                return nil
            }
        }
        func whole(_ expression: LessonEngine.Expression) -> Int? {
            if case .integer(let n, _) = expression { return n }
            return nil
        }
        let setup = try literals(.setup)
        let seed = setup.first { $0.name == "seed" }.flatMap { whole($0.value) } ?? 0
        let threads = setup.first { $0.name == "threads" }.flatMap { whole($0.value) }
        var result = [[], ["seed=\(seed + 1)"], ["threads=\(threads == 1 ? 2 : 1)"]].map { CellKeyFixture.Variation(set: $0) }
        result.append(CellKeyFixture.Variation(set: [], threads: 3))
        let constants = try literals(.constants).compactMap { item in whole(item.value).map { (name: item.name, value: $0) } }
        let epoch = constants.first { $0.name.contains("EPOCH") }.map { "\($0.name)=2" }
        var sets: [[String]] = []
        if let other = constants.first(where: { !$0.name.contains("EPOCH") }) {
            let halved = "\(other.name)=\(other.value > 1 ? other.value / 2 : 2)"
            sets += [[halved]] + (epoch.map { [[halved, $0]] } ?? [])
        }
        sets += (epoch.map { [[$0]] } ?? []) + (extraVariations[path] ?? [])
        result += sets.map { CellKeyFixture.Variation(set: $0) }
        return result
    }

    /// The whole fixture, computed now.
    static func make() throws -> CellKeyFixture {
        var lessons: [CellKeyFixture.LessonKeys] = []
        for path in try lessonPaths() {
            var entry = CellKeyFixture.LessonKeys(lesson: path)
            let asWritten = keys(path, CellKeyFixture.Variation(set: []))
            if let error = asWritten.error {
                entry.error = error
            } else {
                let lesson = try LessonFile.load(PackageFolder.root + "/" + path)
                entry.cells = cellLabels(lesson)
                entry.variations = try variations(of: lesson, path: path).map { variation in
                    var variation = variation
                    (variation.keys, variation.error) = keys(path, variation)
                    return variation
                }
            }
            lessons.append(entry)
        }
        return CellKeyFixture(remake: remakeNote, numerics: NumericsVersion.current, storeFormat: ResultStore.format,
                              machineThreads: machineThreads, lessons: lessons)
    }

    static let remakeNote = "Made by CellKeyPinTests on purpose only: LESSON_WRITE_KEY_FIXTURE=1 swift test "
        + "--filter CellKeyPinTests, when keys are meant to change (a NumericsVersion bump, a new store format, "
        + "a lesson edited); say why in the commit."

    static func write<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try (encoder.encode(value) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
    }

    static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// The files of a result folder that must stay byte for byte the same, as hashes, with
/// what holds times taken out: `runs/` (the ledger) and `.lock` (a process id) are left
/// out; JSON lines `"finished"`, `"started"`, `"seconds"` are dropped (records and
/// `fit.json` are written one field a line); `history.csv` loses its `seconds` column;
/// a `.safetensors` header loses its history's `\"seconds\":...` (and the padding after).
enum StoreBytes {
    static func hashes(of folder: String) throws -> [String: String] {
        var hashes: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue,
                  !relative.hasPrefix("runs/"), !relative.hasSuffix("/.lock") else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + relative))
            var hash = StableHash()
            hash.add(bytes: try withoutTimes(bytes, name: (relative as NSString).lastPathComponent))
            hashes[relative] = hash.hex
        }
        return hashes
    }

    static func withoutTimes(_ bytes: Data, name: String) throws -> Data {
        if name.hasSuffix(".json") {
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let timeField = #/^\s*"(finished|started|seconds)" : /#
            return Data(lines.filter { (try? timeField.prefixMatch(in: $0)) == nil }.joined(separator: "\n").utf8)
        }
        if name == "history.csv" {
            let rows = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            guard let column = rows.first?.firstIndex(of: "seconds") else { return bytes }
            return Data(rows.map { row in row.enumerated().filter { $0.offset != column }.map(\.element).joined(separator: ",") }
                .joined(separator: "\n").utf8)
        }
        if name.hasSuffix(".safetensors"), bytes.count >= 8 {
            let length = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
            guard length <= bytes.count - 8 else { return bytes }
            var header = String(decoding: bytes.dropFirst(8).prefix(length), as: UTF8.self)
            header = header.replacing(#/\\"seconds\\":[-+.0-9eE]+,?/#, with: "")
            while header.hasSuffix(" ") { header.removeLast() }
            return Data(header.utf8) + bytes.dropFirst(8 + length)
        }
        return bytes
    }
}
