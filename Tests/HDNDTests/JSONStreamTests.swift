import Foundation
@testable import HDND
import Testing
import Vapor

/// The API's JSON writer (`JSONStream`) against Foundation's encoder as Vapor sets it up (dates as ISO 8601): the same
/// values, whatever the order of keys, and strings escaped the same way byte for byte.
@Suite struct JSONStreamTests {
    enum Kind: String, Codable { case complaint, denunciation }
    struct Inner: Codable, Equatable { let name: String; let count: Int? }
    struct Sample: Codable {
        let text: String, escapes: String, vietnamese: String, number: Int, negative: Int, big: Int64, yes: Bool, no: Bool
        let missing: String?, present: String?, whole: Double, fraction: Double, tiny: Double, at: Date, kind: Kind
        let inner: Inner, list: [Inner], empty: [Int], nested: [[Int]], map: [String: Int], optionals: [Int?], decimal: Decimal
    }
    /// Written by hand: nested containers, a container asked for twice, a super encoder, a nil written out.
    struct Custom: Encodable {
        enum Keys: String, CodingKey { case a, b, c, d, e }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            var inner = c.nestedContainer(keyedBy: Keys.self, forKey: .a)
            try inner.encode("x", forKey: .b)
            var deeper = inner.nestedUnkeyedContainer(forKey: .c)
            try deeper.encode(1)
            try deeper.encode("two")
            var object = deeper.nestedContainer(keyedBy: Keys.self)
            try object.encodeNil(forKey: .d)
            try c.encode(true, forKey: .b)
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode([Inner(name: "y", count: nil)], forKey: .c)
            try Inner(name: "z", count: 3).encode(to: c.superEncoder(forKey: .d))
            try c.encodeNil(forKey: .e)
        }
    }
    struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
    struct Holder: Encodable { let nothing = Nothing(); let after = 1 }

    static let sample = Sample(
        text: "Đề nghị nạo vét cống", escapes: "a\"b\\c/d\ne\rf\tg\u{08}h\u{0C}i\u{01}j\u{1F}k", vietnamese: "Hội đồng nhân dân 🏛️",
        number: 1_732, negative: -42, big: Int64.max, yes: true, no: false, missing: nil, present: "có", whole: 70.0, fraction: 0.1,
        tiny: 1e-7, at: Date(timeIntervalSince1970: 1_764_979_200), kind: .denunciation, inner: Inner(name: "n", count: 2),
        list: [Inner(name: "a", count: nil), Inner(name: "b", count: 0)], empty: [], nested: [[1, 2], [], [3]], map: ["một": 1, "hai": 2],
        optionals: [1, nil, 3], decimal: Decimal(string: "12.50") ?? 0)

    static func foundation<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    /// The values of a JSON text, written again with sorted keys: equal when the texts hold the same values.
    static func values(_ data: Data) throws -> Data {
        try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
                                   options: [.sortedKeys, .fragmentsAllowed])
    }

    @Test func sameValuesAsFoundation() throws {
        let ours = Data(try JSONStream.encode(Self.sample)), theirs = try Self.foundation(Self.sample)
        #expect(try Self.values(ours) == Self.values(theirs), "\(String(decoding: ours, as: UTF8.self))")
        #expect(try JSONDecoder.iso8601.decode(Sample.self, from: ours).list == Self.sample.list)
        #expect(try Self.values(Data(try JSONStream.encode(Custom()))) == Self.values(Self.foundation(Custom())))
        #expect(String(decoding: try JSONStream.encode(Custom()), as: UTF8.self)
                == #"{"a":{"b":"x","c":[1,"two",{"d":null}]},"b":true,"c":[{"name":"y"}],"d":{"name":"z","count":3},"e":null}"#)
        #expect(String(decoding: try JSONStream.encode(Holder()), as: UTF8.self) == #"{"nothing":{},"after":1}"#)
        for value in [[1, 2], [Int]()] {
            #expect(try JSONStream.encode(value) == Array(try Self.foundation(value)))
        }
    }

    @Test func stringsEscapedAsFoundationDoes() throws {
        for text in [Self.sample.escapes, Self.sample.vietnamese, "", "plain", "</script>", "\u{7F}\u{2028}"] {
            #expect(try JSONStream.encode([text]) == Array(try Self.foundation([text])), "\(text)")
        }
        #expect(try JSONStream.encode([Self.sample.at]) == Array(try Self.foundation([Self.sample.at])), "a date as Vapor writes it")
        #expect(throws: EncodingError.self) { try JSONStream.encode([Double.nan]) }
    }
}

private extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
