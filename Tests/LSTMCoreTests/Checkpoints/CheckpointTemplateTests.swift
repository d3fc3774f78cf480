import Foundation
import XCTest
@testable import LSTMCore

/// Expected strings were printed by Python 3.11.7:
/// `template.format(epoch=epoch, loss=loss, val_loss=val_loss)`; comparisons are exact.
final class CheckpointTemplateTests: XCTestCase {
    private func check(_ template: String, epoch: Int = 1, loss: Double = 0, valLoss: Double = 0,
                       _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let observed = try CheckpointTemplate(template).filename(epoch: epoch, loss: loss, valLoss: valLoss)
            XCTAssertEqual(observed, expected, "template \(template)", file: file, line: line)
        } catch {
            XCTFail("template \(template): \(error)", file: file, line: line)
        }
    }

    func testTheLessonTemplate() {
        let lesson = "model{epoch:03d}-loss{loss:.3f}-vloss{val_loss:.3f}.safetensors"
        check(lesson, epoch: 7, loss: 0.0123456, valLoss: 0.00098765, "model007-loss0.012-vloss0.001.safetensors")
        check(lesson, epoch: 1000, loss: 12.3456, valLoss: 1.0005, "model1000-loss12.346-vloss1.000.safetensors")
        check("{epoch}", epoch: 12, "12")
        check("{{epoch}}-{epoch}-}}{{", epoch: 5, "{epoch}-5-}{")
    }

    func testIntegerSpecs() {
        check("{epoch:d}|{epoch:5}|{epoch:<5}|{epoch:^6}|{epoch:*^7}|{epoch:+}|{epoch: }|{epoch:05}|{epoch:=+6}|{epoch:,}|{epoch:_}|{epoch:012,}",
              epoch: 1_234_567,
              "1234567|1234567|1234567|1234567|1234567|+1234567| 1234567|1234567|+1234567|1,234,567|1_234_567|0,001,234,567")
        check("{epoch:<05}|{epoch:^05}|{epoch:x<05}|{epoch:0=5}|{epoch:0>5}", epoch: 42, "42000|04200|42xxx|00042|00042")
        check("{epoch:e}|{epoch:.2f}|{epoch:g}", epoch: 42, "4.200000e+01|42.00|42")
        check("{epoch:%}", epoch: 3, "300.000000%")
        check("{epoch:08,}|{epoch:09,}", epoch: 1234, "0,001,234|0,001,234")
    }

    /// No type, no precision: Python's repr (shortest round-trip digits).
    func testReprOfReals() {
        check("{loss}|{val_loss}", loss: 0.1, valLoss: 1e-05, "0.1|1e-05")
        check("{loss}|{val_loss}", loss: 1e16, valLoss: 123456789.125, "1e+16|123456789.125")
        check("{loss}|{val_loss}", loss: 1e15, valLoss: 0.0001, "1000000000000000.0|0.0001")
        check("{loss}|{val_loss}", loss: -0.0, valLoss: Double("2.5e-310") ?? .nan, "-0.0|2.5e-310")  // subnormal: a literal would warn
        check("{loss}|{val_loss}", loss: 1.2345678901234567e+17, valLoss: 100.0, "1.2345678901234566e+17|100.0")
        check("{loss:,}", loss: 12345678.5, "12,345,678.5")
    }

    func testRealSpecs() {
        check("{loss:.3}|{val_loss:.3}|{loss:.10}", loss: 1.0, valLoss: 123456.0, "1.0|1.23e+05|1.0")
        check("{loss:e}|{loss:.2e}|{loss:E}|{val_loss:.0e}", loss: 0.000123456, valLoss: 5.5, "1.234560e-04|1.23e-04|1.234560E-04|6e+00")
        check("{loss:g}|{loss:.2g}|{loss:G}|{val_loss:g}|{val_loss:.0g}|{val_loss:.10g}", loss: 0.000012345, valLoss: 123456789.0,
              "1.2345e-05|1.2e-05|1.2345E-05|1.23457e+08|1e+08|123456789")
        check("{loss:%}|{loss:.1%}|{val_loss:.0%}", loss: 0.123456, valLoss: 0.005, "12.345600%|12.3%|0%")
        check("{loss:10.4f}|{loss:<10.4f}|{loss:^10.4f}|{loss:=10.4f}|{loss:+.2f}|{loss: .2f}|{loss:010.4f}|{loss:x>12.3f}",
              loss: -3.14159265, "   -3.1416|-3.1416   | -3.1416  |-   3.1416|-3.14|-3.14|-0003.1416|xxxxxx-3.142")
        check("{loss:,.2f}|{loss:_.1f}|{loss:015,.2f}|{loss:,}|{val_loss:,.3e}", loss: 1234567.891, valLoss: 9876.5,
              "1,234,567.89|1_234_567.9|0,001,234,567.89|1,234,567.891|9.876e+03")
        check("{loss:07,.1f}|{loss:08,.1f}|{loss:0=9,.1f}", loss: 1234.5, "1,234.5|01,234.5|001,234.5")
        check("{loss:,g}", loss: 12345678.5, "1.23457e+07")
        // No type with a precision turns scientific one digit earlier than 'g'.
        check("{loss:.1}|{loss:.0}|{val_loss:.2}|{val_loss:.3}|{loss:.2g}", loss: 3.14, valLoss: 9.99, "3e+00|3e+00|1e+01|9.99|3.1")
    }

    /// Round half to even on the exact binary value, as CPython.
    func testRounding() {
        check("{loss:f}|{loss:.0f}|{val_loss:.1f}|{val_loss:.0f}", loss: 0.5, valLoss: 2.5, "0.500000|0|2.5|2")
        check("{loss:.3f}|{val_loss:.2f}", loss: 1.0005, valLoss: 0.125, "1.000|0.12")
        check("{loss:.0e}|{loss:.3g}|{loss:.12f}", loss: 0.0009999999, "1e-03|0.001|0.000999999900")
    }

    func testNonFiniteValues() {
        check("{loss:.3f}|{val_loss:.3f}|{loss:8.2f}|{val_loss:+}|{loss:08.2f}|{loss:F}|{val_loss:E}",
              loss: .nan, valLoss: -.infinity, "nan|-inf|     nan|-inf|00000nan|NAN|-INF")
        check("{loss:.3f}|{loss}|{loss:+}", loss: -Double.nan, "nan|nan|+nan")
        check("{loss:.2%}", loss: .infinity, "inf%")
    }

    func testFieldsAndMissingValidationLoss() throws {
        let template = try CheckpointTemplate("m{epoch}-{val_loss:.2f}")
        XCTAssertEqual(template.fields, [.epoch, .valLoss])
        XCTAssertThrowsError(try template.filename(epoch: 1, loss: 0.5, valLoss: nil)) { error in
            XCTAssertEqual((error as? CheckpointTemplateError)?.column, 10)
            XCTAssertTrue("\(error)".contains("{val_loss} needs validation data"), "\(error)")
        }
    }

    /// Bad templates name the column (1-based) and the reason.
    func testErrorsGiveTheColumn() {
        let cases: [(template: String, column: Int, message: String)] = [
            ("m{epoch:.2d}", 9, "a precision is not allowed for the integer field 'epoch'"),
            ("m{loss:d}", 8, "format type 'd' needs an integer, but 'loss' is a real number"),
            ("{epoch:x}", 8, "format type 'x' is not supported"),
            ("ab{}", 4, "positional field '{}'"),
            ("{0}", 2, "positional field '{0}'"),
            ("{epoch!r}", 7, "conversions such as '!r' are not supported"),
            ("{epoch.real}", 7, "attribute or index access"),
            ("x{lose}", 3, "unknown field 'lose' (did you mean 'loss'?)"),
            ("x{vloss}", 3, "unknown field 'vloss' (did you mean 'loss'?)"),
            ("x{accuracy}", 3, "unknown field 'accuracy'; the fields are {epoch}, {loss} and {val_loss}"),
            ("m{epoch", 2, "'{' is never closed"),
            ("epoch}", 6, "single '}' outside a field"),
            ("{epoch:{w}}", 8, "nested field"),
            ("{loss:.}", 8, "the precision is missing after '.'"),
            ("{loss:5.3ff}", 10, "unexpected 'ff'"),
            ("{loss:#g}", 7, "the alternate form '#' is not supported"),
            ("{loss:,_}", 8, "only one grouping option"),
            ("{loss:z.2f}", 7, "the 'z' option"),
            ("{loss:n}", 7, "format type 'n' is not supported"),
            ("{loss:.500f}", 8, "a precision above 100"),
            ("{loss:9999}", 7, "a width above 255"),
        ]
        for test in cases {
            XCTAssertThrowsError(try CheckpointTemplate(test.template), test.template) { error in
                guard let error = error as? CheckpointTemplateError else {
                    return XCTFail("\(test.template): unexpected error \(error)")
                }
                XCTAssertEqual(error.column, test.column, "\(test.template): column; \(error)")
                XCTAssertTrue(error.message.contains(test.message), "\(test.template): expected '\(test.message)' in '\(error.message)'")
            }
        }
    }
}

/// Differential test: 2000 random specs and values, formatted here and by Python's
/// `str.format`; every result must be identical, and a spec Python rejects must be
/// rejected here too. Needs Python (see PythonReference).
final class CheckpointTemplatePythonTests: XCTestCase {
    func testRandomSpecsMatchPython() throws {
        guard let python = try PythonReference.interpreter(needing: ["json"]) else { return }
        var random = NumpyRandom(seed: 11)
        func pick(_ options: [String]) -> String { options[random.randomInterval(options.count - 1)] }
        let reals: [Double] = [0, -0.0, 0.5, 2.5, 1e-5, 0.00012345, 0.1, 1.0005, 3.14159265, -3.14159265,
                               1234.5, 1234567.891, -98765.4321, 1e15, 1e16, 1.2345678901234567e17, 6.02e23,
                               .infinity, -.infinity, .nan, 0.0009999999, 123456789.0, 99.995]
        let integers = [0, 1, 7, 42, 1234, 1_234_567, -5]
        struct Case: Codable { let template: String; let integer: Int?; let real: String? }
        var cases: [Case] = []
        for _ in 0..<2000 {
            let integer = random.randomSample() < 0.3
            let type = integer ? pick(["", "d", "e", "f", "g", "%"]) : pick(["", "e", "E", "f", "F", "g", "G", "%"])
            let precision = integer && (type == "" || type == "d") ? "" : pick(["", ".0", ".1", ".3", ".6", ".12"])
            let spec = pick(["", "<", ">", "^", "=", "*<", "0>", "x^", "0="]) + pick(["", "+", "-", " "])
                + pick(["", "0"]) + pick(["", "1", "8", "12", "20"]) + pick(["", ",", "_"]) + precision + type
            if integer {
                cases.append(Case(template: "e{epoch:\(spec)}", integer: integers[random.randomInterval(integers.count - 1)], real: nil))
            } else {
                cases.append(Case(template: "l{loss:\(spec)}", integer: nil, real: "\(reals[random.randomInterval(reals.count - 1)])"))
            }
        }
        let input = try temporaryFolder() + "/cases.json"
        try JSONEncoder().encode(cases).write(to: URL(fileURLWithPath: input))
        let script = """
        import sys, json
        out = []
        for c in json.load(open(sys.argv[1])):
            try:
                if c.get("integer") is not None:
                    out.append(c["template"].format(epoch=c["integer"]))
                else:
                    out.append(c["template"].format(loss=float(c["real"])))
            except Exception as e:
                out.append(None)
        print(json.dumps(out))
        """
        let expected = try JSONDecoder().decode([String?].self, from: Data(try PythonReference.run(python, script: script, arguments: [input]).utf8))
        XCTAssertEqual(expected.count, cases.count)
        var mismatches = 0
        for (test, python) in zip(cases, expected) {
            let observed: String?
            do {
                let template = try CheckpointTemplate(test.template)
                observed = try template.filename(epoch: test.integer ?? 1, loss: Double(test.real ?? "0") ?? .nan, valLoss: nil)
            } catch {
                observed = nil
            }
            if observed != python {
                mismatches += 1
                if mismatches <= 10 {
                    XCTFail("\(test.template) with \(test.integer.map(String.init) ?? test.real ?? ""): Python \(python ?? "error"), ours \(observed ?? "error")")
                }
            }
        }
        XCTAssertEqual(mismatches, 0, "specs formatted differently from Python")
    }
}
