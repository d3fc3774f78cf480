import Foundation
import XCTest
@testable import LSTMCore

final class SafeTensorsTests: XCTestCase {
    private let kernel = NamedTensor(name: "lstm/kernel", shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
    private let bias = NamedTensor(name: "dense/bias", shape: [1], values: [-0.5])

    /// Python: `safetensors.numpy.save({'lstm/kernel': [[1,2,3],[4,5,6]], 'dense/bias': [-0.5]}
    /// (float32), metadata={'epoch': '3'}).hex()`. Our writer produces the same bytes.
    func testEncodingIsByteIdenticalToPythonSafetensors() throws {
        let python = "a0000000000000007b225f5f6d657461646174615f5f223a7b2265706f6368223a2233227d2c2264656e73652f62696173223a7b226474797065223a22463332222c227368617065223a5b315d2c22646174615f6f666673657473223a5b302c345d7d2c226c73746d2f6b65726e656c223a7b226474797065223a22463332222c227368617065223a5b322c335d2c22646174615f6f666673657473223a5b342c32385d7d7d2020000000bf0000803f0000004000004040000080400000a0400000c040"
        let bytes = try SafeTensors.encode([bias, kernel], metadata: ["epoch": "3"])
        XCTAssertEqual(hex(bytes), python)
        let decoded = try SafeTensors.decode(try XCTUnwrap(decodeHex(python)), path: "python.safetensors")
        XCTAssertEqual(decoded.tensors, [bias, kernel])
        XCTAssertEqual(decoded.metadata, ["epoch": "3"])
    }

    func testRoundTripThroughAFile() throws {
        let folder = try temporaryFolder()
        let path = folder + "/weights.safetensors"
        let scalar = NamedTensor(name: "loss", shape: [], values: [0.125])
        let empty = NamedTensor(name: "empty", shape: [0, 4], values: [])
        let special = NamedTensor(name: "odd \"name\"\n/é", shape: [3], values: [.infinity, -0.0, .leastNonzeroMagnitude])
        let metadata = ["architecture": #"{"layers": [1, 2]}"#, "tab\tkey": "line\nbreak \u{1}"]
        try SafeTensors.write([kernel, scalar, empty, special], metadata: metadata, to: path)
        let contents = try SafeTensors.read(path)
        XCTAssertEqual(contents.names, ["lstm/kernel", "loss", "empty", "odd \"name\"\n/é"])
        XCTAssertEqual(contents.tensors.map(\.shape), [[2, 3], [], [0, 4], [3]])
        XCTAssertEqual(contents.metadata, metadata)
        XCTAssertEqual(contents["loss"]?.values, [0.125])
        let specialValues = try XCTUnwrap(contents[special.name]?.values)
        XCTAssertEqual(specialValues.map(\.bitPattern), special.values.map(\.bitPattern))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(leftovers, ["weights.safetensors"], "no temporary file is left behind")
        // Overwriting replaces the file whole.
        try SafeTensors.write([bias], metadata: [:], to: path)
        XCTAssertEqual(try SafeTensors.read(path).tensors, [bias])
    }

    func testWriteErrorsNameThePath() throws {
        let folder = try temporaryFolder()
        let missing = folder + "/no/such/folder/w.safetensors"
        XCTAssertThrowsError(try SafeTensors.write([kernel], metadata: [:], to: missing)) { error in
            XCTAssertEqual((error as? CheckpointError)?.path, missing)
            XCTAssertTrue("\(error)".hasSuffix("w.safetensors: its folder does not exist"), "\(error)")
        }
        // Renaming over a folder fails after the temporary file was written: it is removed.
        try FileManager.default.createDirectory(atPath: folder + "/taken", withIntermediateDirectories: false)
        XCTAssertThrowsError(try SafeTensors.write([kernel], metadata: [:], to: folder + "/taken")) { error in
            XCTAssertTrue("\(error)".contains("taken: cannot write: is a directory"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["taken"], "no temporary file is left")
        let wrongCount = NamedTensor(name: "w", shape: [2, 2], values: [1, 2, 3])
        XCTAssertThrowsError(try SafeTensors.write([wrongCount], metadata: [:], to: folder + "/x")) { error in
            XCTAssertTrue("\(error)".contains("shape [2, 2] but 3 values"), "\(error)")
        }
        XCTAssertThrowsError(try SafeTensors.encode([kernel, kernel], metadata: [:])) { error in
            XCTAssertTrue("\(error)".contains("two tensors are named 'lstm/kernel'"), "\(error)")
        }
        XCTAssertThrowsError(try SafeTensors.read(folder + "/absent.safetensors")) { error in
            XCTAssertTrue("\(error)".hasSuffix("absent.safetensors: cannot open: no such file"), "\(error)")
        }
    }

    /// Each malformed file is rejected with a message that says what is wrong.
    func testMalformedFilesAreRejectedWithTheReason() {
        let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        let eight = [UInt8](repeating: 0, count: 8)
        let cases: [(bytes: [UInt8], expected: String)] = [
            ([1, 2, 3], "the file is 3 bytes, too short"),
            (file(good, data: eight).dropLast(4).map { $0 }, "truncated or out of range: tensor 'a' ends at data byte 8 but the file holds only 4"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] + eight, "header length field says 9223372036854775807 bytes, which is absurd"),
            ([200, 0, 0, 0, 0, 0, 0, 0] + eight, "truncated: the header says it is 200 bytes but only 8 bytes follow"),
            (file("{\"a\": nope}", data: []), "the header is not valid JSON"),
            (file("[1, 2]", data: []), "the header does not start with '{'"),
            ([4, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xFF, 0xFE, 0x7D], "the header is not UTF-8 text"),
            (file(#"{"__metadata__":{"epoch":3}}"#, data: []), "__metadata__ must map strings to strings, but 'epoch' holds an integer (3)"),
            (file(#"{"__metadata__":[]}"#, data: []), "__metadata__ must be an object mapping strings to strings"),
            (file(#"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: eight), "tensor 'a' has dtype F64; only F32 is supported"),
            (file(#"{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "dtype Q7 (not a safetensors dtype)"),
            (file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eight), "tensor 'a' has shape [3] but its data_offsets [0, 8] span 8 bytes"),
            (file(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: eight), "shape entry an integer (-2)"),
            (file(#"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}}"#, data: eight), "shape entry a number (1.5)"),
            (file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: eight), "needs data_offsets [begin, end] with 0 <= begin <= end"),
            (file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "tensors 'a' and 'b' overlap"),
            (file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), "gap of 4 data bytes before tensor 'a'"),
            (file(good, data: eight + [1, 2, 3]), "3 trailing bytes after the last tensor"),
            (file(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: eight), "tensor 'a' has shape [4611686018427387904, 4]"),
            (file(#"{"a":{"dtype":"F32","shape":[2305843009213693951],"data_offsets":[0,9223372036854775804]}}"#, data: eight), "ends at data byte 9223372036854775804"),
            (file("{" + String(repeating: "[", count: 100_000) + "}", data: []), "nests JSON deeper"),
            (file(#"{"a":7}"#, data: []), "tensor 'a' must be described by an object"),
        ]
        for (index, test) in cases.enumerated() {
            XCTAssertThrowsError(try SafeTensors.decode(test.bytes, path: "case\(index).safetensors")) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("case\(index).safetensors: "), message)
                XCTAssertTrue(message.contains(test.expected), "case \(index): expected '\(test.expected)' in '\(message)'")
            }
        }
    }

    /// Fuzz: every truncation and 3000 random byte changes of a valid file either load or
    /// throw a `CheckpointError`; reaching the end of this test means nothing trapped.
    func testTruncatedAndMutatedFilesNeverTrap() throws {
        let valid = try SafeTensors.encode([kernel, bias], metadata: ["epoch": "12", "loss": "0.001"])
        var loaded = 0
        var rejected = 0
        func attempt(_ bytes: [UInt8]) {
            do {
                _ = try SafeTensors.decode(bytes, path: "fuzz")
                loaded += 1
            } catch is CheckpointError {
                rejected += 1
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        for length in 0..<valid.count { attempt(Array(valid.prefix(length))) }
        XCTAssertEqual(rejected, valid.count, "every strict truncation is rejected")
        var random = NumpyRandom(seed: 2024)
        let interesting: [UInt8] = Array("{}[]\",:0123456789-.eE \\".utf8) + [0, 0x7F, 0x80, 0xFF]
        for _ in 0..<3000 {
            var bytes = valid
            for _ in 0...random.randomInterval(2) {
                let position = random.randomInterval(bytes.count - 1)
                if random.randomSample() < 0.5 {
                    bytes[position] = UInt8(truncatingIfNeeded: random.nextUInt32())
                } else {
                    bytes[position] = interesting[random.randomInterval(interesting.count - 1)]
                }
            }
            attempt(bytes)
        }
        XCTAssertGreaterThan(loaded, 0, "mutations of the data bytes still load")
        XCTAssertGreaterThan(rejected, valid.count, "mutations of the header are rejected")
    }

    /// A file written by Swift loads with Python's `safetensors.numpy` and numpy.
    func testPythonSafetensorsReadsOurFiles() throws {
        guard let python = try PythonReference.interpreter(needing: ["numpy", "safetensors"]) else { return }
        let path = try temporaryFolder() + "/from-swift.safetensors"
        try SafeTensors.write([kernel, bias, NamedTensor(name: "optimizer/lstm/kernel/velocity", shape: [2, 3], values: [0.5, 1e-7, 0, 3, -2, 1.25])],
                              metadata: ["epoch": "7", "architecture": #"{"timesteps": 4}"#], to: path)
        let script = """
        import sys, json, numpy as np
        from safetensors import safe_open
        from safetensors.numpy import load_file
        tensors = load_file(sys.argv[1])
        with safe_open(sys.argv[1], framework="np") as f:
            metadata = f.metadata()
        out = {name: {"dtype": str(a.dtype), "shape": list(a.shape), "values": [float(v) for v in a.ravel()]} for name, a in tensors.items()}
        print(json.dumps({"tensors": out, "metadata": metadata}, sort_keys=True))
        """
        let output = try PythonReference.run(python, script: script, arguments: [path])
        struct Loaded: Decodable {
            struct Tensor: Decodable { let dtype: String; let shape: [Int]; let values: [Double] }
            let tensors: [String: Tensor]
            let metadata: [String: String]
        }
        let loaded = try JSONDecoder().decode(Loaded.self, from: Data(output.utf8))
        XCTAssertEqual(loaded.metadata, ["epoch": "7", "architecture": #"{"timesteps": 4}"#])
        XCTAssertEqual(loaded.tensors["lstm/kernel"]?.shape, [2, 3])
        XCTAssertEqual(loaded.tensors["lstm/kernel"]?.dtype, "float32")
        XCTAssertEqual(loaded.tensors["lstm/kernel"]?.values, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(loaded.tensors["dense/bias"]?.values, [-0.5])
        XCTAssertEqual(loaded.tensors["optimizer/lstm/kernel/velocity"]?.values, [0.5, Double(Float(1e-7)), 0, 3, -2, 1.25])
    }

    // MARK: Helpers

    private func file(_ header: String, data: [UInt8]) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        var length = UInt64(headerBytes.count).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + headerBytes + data
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    private func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).compactMap {
            UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)
        }
    }
}

/// A fresh empty folder under the system's temporary directory, removed after the test.
extension XCTestCase {
    func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lesson-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }
}
