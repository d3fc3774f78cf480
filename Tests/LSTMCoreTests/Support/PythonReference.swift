import Foundation
import XCTest

/// Runs reference Python (the project venv's, else the system's) from tests that compare
/// with numpy or safetensors. Tests skip, saying why, when no suitable Python is found.
enum PythonReference {
    /// The first interpreter that imports every module in `modules`: `$LESSON_PYTHON`,
    /// `/work/venv/bin/python`, then `python3` on the PATH.
    static func interpreter(needing modules: [String]) throws -> String {
        var candidates = ["/work/venv/bin/python", "/usr/bin/python3", "/usr/local/bin/python3"]
        if let chosen = ProcessInfo.processInfo.environment["LESSON_PYTHON"] { candidates.insert(chosen, at: 0) }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let imports = "import " + modules.joined(separator: ", ")
            if (try? run(candidate, script: imports, arguments: [])) != nil { return candidate }
        }
        throw XCTSkip("no Python with \(modules.joined(separator: " and ")) found (tried \(candidates.joined(separator: ", "))); set LESSON_PYTHON to one")
    }

    /// Runs `script` with `python -c`, returns its standard output; throws on a non-zero exit.
    static func run(_ python: String, script: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailure(description: "\(python) exited with \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct PythonFailure: Error, CustomStringConvertible { let description: String }
}
