import Crypto
import Foundation

/// The SHA-256 of `bytes` as 64 lower-case hex digits: session ids and API tokens are kept only as this, and stored
/// documents are named by it. Written digit by digit: `String(format: "%02x")` per byte was a tenth of the CPU of
/// every signed-in request (`perf`, issue 11).
func sha256Hex<D: DataProtocol>(_ bytes: D) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in SHA256.hash(data: bytes) {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
