import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the daily digest is sent from: an SMTP relay of the office's network (`HDND_SMTP_HOST`, `HDND_SMTP_PORT`,
/// `HDND_SMTP_FROM`). Off unless a host is set. Plain SMTP to a relay that accepts the server's mail without a password
/// (the usual set-up inside an agency's network); STARTTLS and sign-in to a public mail service are not supported yet.
public struct SMTPSettings: Sendable {
    public var host: String
    public var port: Int
    public var from: String

    public static func fromEnvironment() -> SMTPSettings? {
        guard let host = ProcessInfo.processInfo.environment["HDND_SMTP_HOST"], !host.isEmpty else { return nil }
        let port = ProcessInfo.processInfo.environment["HDND_SMTP_PORT"].flatMap(Int.init) ?? 25
        let from = ProcessInfo.processInfo.environment["HDND_SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "hdnd@localhost"
        return SMTPSettings(host: host, port: port, from: from)
    }
}

public struct SMTPError: Error, CustomStringConvertible {
    public let description: String
}

/// One message in UTF-8: the subject encoded for mail headers, the body in base64 so that any relay carries it intact.
public struct MailMessage: Sendable {
    public let to: String
    public let subject: String
    public let body: String

    /// A header value outside ASCII, as RFC 2047 writes it.
    static func encodedWord(_ text: String) -> String { "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?=" }

    func rendered(from: String, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(self.body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["From: \(Self.encodedWord("HĐND Số")) <\(from)>", "To: <\(to)>", "Subject: \(Self.encodedWord(subject))", "Date: \(formatter.string(from: date))", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", body].joined(separator: "\r\n")
    }
}

/// A minimal SMTP client (RFC 5321): EHLO, MAIL FROM, RCPT TO, DATA, QUIT over one blocking socket. Call it off the event
/// loop (the digest runs it on the application's thread pool).
enum SMTPClient {
    static func send(_ messages: [MailMessage], settings: SMTPSettings, timeout: Int = 30) throws {
        guard !messages.isEmpty else { return }
        let socket = try connect(settings.host, settings.port, timeout: timeout)
        defer { close(socket) }
        var reader = LineReader(socket: socket)
        try reader.expect(220)
        try write(socket, "EHLO hdnd\r\n"); try reader.expect(250)
        for m in messages {
            try write(socket, "MAIL FROM:<\(settings.from)>\r\n"); try reader.expect(250)
            try write(socket, "RCPT TO:<\(m.to)>\r\n"); try reader.expect(250)
            try write(socket, "DATA\r\n"); try reader.expect(354)
            // A line that starts with a dot gets another (dot-stuffing); base64 never does, the headers might.
            let data = m.rendered(from: settings.from).components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }
            try write(socket, data.joined(separator: "\r\n") + "\r\n.\r\n"); try reader.expect(250)
        }
        try write(socket, "QUIT\r\n")
    }

    private static func connect(_ host: String, _ port: Int, timeout: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
            throw SMTPError(description: "Không tìm thấy máy chủ thư \(host).")
        }
        defer { freeaddrinfo(result) }
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let info = node {
            let s = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if s >= 0 {
                var tv = timeval(tv_sec: timeout, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return s }
                close(s)
            }
            node = info.pointee.ai_next
        }
        throw SMTPError(description: "Không kết nối được máy chủ thư \(host):\(port).")
    }

    private static func write(_ socket: Int32, _ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SMTPError(description: "Máy chủ thư ngắt kết nối khi đang gửi.") }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Reads replies line by line; a reply ends at the line whose code is followed by a space.
    struct LineReader {
        let socket: Int32
        var buffer: [UInt8] = []

        mutating func line() throws -> String {
            while true {
                if let i = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<i], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    buffer.removeFirst(i + 1)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 1024)
                let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { throw SMTPError(description: "Máy chủ thư không trả lời.") }
                buffer += chunk[..<n]
            }
        }

        mutating func expect(_ code: Int) throws {
            while true {
                let l = try line()
                guard l.count >= 3, let got = Int(l.prefix(3)) else { throw SMTPError(description: "Máy chủ thư trả lời không hiểu được: \(l)") }
                guard got == code else { throw SMTPError(description: "Máy chủ thư từ chối: \(l)") }
                if l.count == 3 || l[l.index(l.startIndex, offsetBy: 3)] == " " { return }
            }
        }
    }
}
