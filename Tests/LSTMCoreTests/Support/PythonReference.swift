import Foundation
import XCTest

/// Runs reference Python from tests that compare with Python's standard library, numpy
/// or safetensors. The interpreter is `$LESSON_PYTHON` when set, else `python3` on the
/// PATH. Without one that imports what a test needs, the test is skipped saying what to
/// install; when `CI` is set (`.ci/run` sets it and makes the venv) it fails instead, so
/// CI never passes with the cross-checks silently left out.
enum PythonReference {
    /// Modules that come with every Python 3; anything else must be installed with pip.
    private static let standardLibrary: Set<String> = ["json", "csv", "sys", "math", "struct"]

    /// The interpreter to use, or nil after recording a failure (CI only).
    /// - Throws: `XCTSkip` outside CI when no suitable Python is found.
    static func interpreter(needing modules: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let problem: String
        if let chosen = environment["LESSON_PYTHON"], !chosen.isEmpty {
            if let failure = importFailure(chosen, modules) {
                problem = "LESSON_PYTHON=\(chosen) cannot import \(modules.joined(separator: ", ")): \(failure)"
            } else {
                return chosen
            }
        } else if let onPath = executable(named: "python3", path: environment["PATH"] ?? "") {
            if let failure = importFailure(onPath, modules) {
                problem = "python3 on the PATH (\(onPath)) cannot import \(modules.joined(separator: ", ")): \(failure)"
            } else {
                return onPath
            }
        } else {
            problem = "no python3 on the PATH and LESSON_PYTHON is not set"
        }
        let packages = modules.filter { !standardLibrary.contains($0) }
        let install = packages.isEmpty
            ? "install Python 3 or set LESSON_PYTHON to one"
            : "python3 -m venv /tmp/lesson-venv && /tmp/lesson-venv/bin/pip install \(packages.joined(separator: " ")), "
                + "then set LESSON_PYTHON=/tmp/lesson-venv/bin/python (Debian needs apt install python3-venv first)"
        let message = "\(problem); \(install)"
        if environment["CI"] != nil {
            XCTFail("CI is set, so this cross-check may not be skipped: \(message)", file: file, line: line)
            return nil
        }
        throw XCTSkip(message)
    }

    /// Why `python` cannot import `modules` (its error output), or nil when it can.
    private static func importFailure(_ python: String, _ modules: [String]) -> String? {
        guard FileManager.default.isExecutableFile(atPath: python) else { return "\(python) is not an executable file" }
        do {
            _ = try run(python, script: "import " + modules.joined(separator: ", "), arguments: [])
            return nil
        } catch {
            // The traceback's last line says which import failed.
            let lines = String(describing: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.last { !$0.isEmpty } ?? String(describing: error)
        }
    }

    /// The first executable `name` in the colon-separated folders of `path`.
    private static func executable(named name: String, path: String) -> String? {
        path.split(separator: ":").map { String($0) + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
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
            throw PythonFailure(description: "\(python) exited with \(process.terminationStatus): "
                                + String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct PythonFailure: Error, CustomStringConvertible { let description: String }
}
