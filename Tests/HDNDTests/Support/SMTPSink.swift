import Foundation
import Testing

/// A local SMTP server (Python's aiosmtpd, `Tests/python/smtp_sink.py`) that keeps what it receives, read back by
/// Python's e-mail parser. Nil when no Python with aiosmtpd is at hand and none is required (see `OpenPyXL.python`).
final class SMTPSink {
    struct Message: Decodable { let from: String; let to: [String]; let subject: String; let sender: String; let body: String }

    let port: Int
    private let process: Process
    private let input: Pipe
    private let file: URL

    static func start() throws -> SMTPSink? {
        guard let (python, required) = OpenPyXL.python else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hdnd-smtp-\(UUID().uuidString).jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [OpenPyXL.root.appendingPathComponent("Tests/python/smtp_sink.py").path, file.path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input; process.standardOutput = output; process.standardError = errors
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            let why = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if !required && why.contains("No module named 'aiosmtpd'") { return nil }
            Issue.record("the SMTP sink did not start: \(why)")
            return nil
        }
        return SMTPSink(port: port, process: process, input: input, file: file)
    }

    private init(port: Int, process: Process, input: Pipe, file: URL) {
        self.port = port; self.process = process; self.input = input; self.file = file
    }

    var messages: [Message] {
        guard let data = try? Data(contentsOf: file) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONDecoder().decode(Message.self, from: Data($0.utf8))
        }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: file)
    }
}
