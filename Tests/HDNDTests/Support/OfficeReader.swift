import Foundation
import Testing

/// Reads produced Office files with a real reader: openpyxl, through `Tests/python/read_xlsx.py`.
///
/// The Python with openpyxl is `HDND_TEST_PYTHON` (CI sets it, and then a missing reader fails the test),
/// else the repository's `.venv/bin/python` when it has openpyxl. Without either, `read` returns nil and the
/// tests check the file with the system's own reader only.
enum OpenPyXL {
    struct Sheet: Decodable {
        let title: String
        let rows: [[Cell]]
        let frozen: String?
        let filter: String?
        let bold_header: Bool
        let date_format: String?
        /// Every cell as text (whole numbers without decimals).
        var text: [[String]] { rows.map { $0.map(\.text) } }
    }

    enum Cell: Decodable {
        case text(String), number(Double)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Double.self) { self = .number(n) } else { self = .text(try c.decode(String.self)) }
        }
        var text: String {
            switch self {
            case .text(let s): s
            case .number(let n): n == n.rounded() ? String(Int(n)) : String(n)
            }
        }
        var isNumber: Bool { if case .number = self { true } else { false } }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var python: (path: String, required: Bool)? {
        if let p = ProcessInfo.processInfo.environment["HDND_TEST_PYTHON"], !p.isEmpty { return (p, true) }
        let venv = root.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? (venv, false) : nil
    }

    static func read(_ bytes: [UInt8]) throws -> Sheet? {
        try PythonReader.run("read_xlsx.py", module: "openpyxl", bytes: bytes, ext: "xlsx").map { try JSONDecoder().decode(Sheet.self, from: $0) }
    }
}

/// Runs one of `Tests/python`'s readers on a produced file and returns what it printed; nil when no Python with the
/// module is there and none is required.
enum PythonReader {
    static func run(_ script: String, module: String, bytes: [UInt8], ext: String) throws -> Data? {
        guard let (python, required) = OpenPyXL.python else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hdnd-test-\(UUID().uuidString).\(ext)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [OpenPyXL.root.appendingPathComponent("Tests/python/\(script)").path, file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            if !required && errors.contains("No module named '\(module)'") { return nil }
            Issue.record("\(module) could not read the file: \(errors)")
            return nil
        }
        return data
    }
}

/// Reads an iCalendar feed with Python's icalendar (`Tests/python/read_ics.py`).
enum ICalReader {
    struct Feed: Decodable { let name: String; let events: [Event] }
    struct Event: Decodable { let uid: String; let summary: String; let start: String; let end: String; let allDay: Bool; let utcOffsetHours: Double? }

    static func read(_ bytes: [UInt8]) throws -> Feed? {
        try PythonReader.run("read_ics.py", module: "icalendar", bytes: bytes, ext: "ics").map { try JSONDecoder().decode(Feed.self, from: $0) }
    }
}
