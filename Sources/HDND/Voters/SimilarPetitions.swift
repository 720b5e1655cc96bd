import Fluent
import SQLKit
import Vapor

/// Petitions that say the same thing: found on folded text, merged keeping every source and all voters.
public enum SimilarPetitions {
    /// Words that carry no meaning for similarity.
    static let stopWords: Set<String> = ["de", "nghi", "va", "cua", "cac", "cho", "tai", "o", "la", "co", "khong", "duoc", "trong", "voi",
                                         "da", "se", "den", "ve", "nhung", "mot", "nay", "khi", "thi", "cu", "tri", "phan", "anh", "kien"]

    /// `numbers`: with the words that are only digits (a lane's or a house's number), or without.
    public static func words(_ folded: String, numbers: Bool = true) -> Set<String> {
        asciiWords(folded, numbers: numbers) ?? unicodeWords(folded, numbers: numbers)
    }

    /// Words of two letters or more, stop words left out: letters and digits in Unicode's sense.
    static func unicodeWords(_ folded: String, numbers: Bool = true) -> Set<String> {
        Set(folded.split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { $0.count > 1 && !stopWords.contains($0) && (numbers || !$0.allSatisfy(\.isNumber)) })
    }

    /// The same words cut on bytes, for ASCII text: folded text is ASCII (`fold` takes the marks off and đ to d), and
    /// gathering a bulk load into clusters cuts every petition. Nil for anything else.
    static func asciiWords(_ folded: String, numbers: Bool = true) -> Set<String>? {
        folded.utf8.withContiguousStorageIfAvailable { bytes -> Set<String>? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var out = Set<String>(), start = -1, digits = true
            for i in 0...bytes.count {
                let b = i < bytes.count ? bytes[i] : 0
                let digit = b >= 0x30 && b <= 0x39
                if digit || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) {
                    if start < 0 { start = i; digits = true }
                    digits = digits && digit
                } else if start >= 0 {
                    // A number left out here, before it is made a string: a bulk load gathers a million petitions.
                    if i - start > 1 && (numbers || !digits) {
                        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                        if !stopWords.contains(word) { out.insert(word) }
                    }
                    start = -1
                }
            }
            return out
        } ?? nil
    }

    /// Jaccard similarity of the meaningful words.
    public static func score(_ a: String, _ b: String) -> Double {
        let x = words(a), y = words(b)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    public struct Match: Sendable { public let id: Int; public let content: String; public let voters: Int; public let score: Double }

    /// How many candidates the index ranks before their words are compared.
    static let candidates = 20

    /// The most similar open petitions of the same council, of any age: the index (M029) ranks the candidates that
    /// share words with the petition (FTS5's bm25 on SQLite, trigram similarity on PostgreSQL); the best of them are
    /// kept by the share of meaningful words they have in common.
    public static func suggestions(id: Int, councilID: Int, folded: String, limit: Int = 5, threshold: Double = 0.3,
                                   db: any Database) async throws -> [Match] {
        struct Row: Decodable { let id: Int; let content: String; let folded: String; let voter_count: Int }
        let own = words(folded).sorted()
        guard !own.isEmpty else { return [] }
        let query = try await rarest(own, councilID: councilID, db: db)
        guard !query.isEmpty else { return [] }
        let rows = try await db.sql.raw(candidatesQuery(councilID: councilID, excluding: id, words: query, db: db)).rows(Row.self)
        return rows.map { Match(id: $0.id, content: $0.content, voters: $0.voter_count, score: score(folded, $0.folded)) }
            .filter { $0.score >= threshold }.sorted { $0.score > $1.score }.prefix(limit).map { $0 }
    }

    /// How many of the council's open petitions the words asked of the index may hold together (`rarest`).
    static let termBudget = 600

    /// The words of a petition that tell it apart, as a "more like this" search chooses them: the rarest in the council's
    /// open petitions first, as many as together occur in at most `termBudget` petitions (two at least). Asking the index
    /// for every word made it rank every petition holding any of them (bm25 over 5.000 of a ward's 8.000 generated
    /// petitions: 8 ms a page); the rare words (a place, "thu gom rác") find the same problem among a few hundred
    /// (a budget of 2.000 still left a third of the page's time in the ranking).
    /// On PostgreSQL the trigram index ranks by the whole text and every word is kept.
    static func rarest(_ words: [String], councilID: Int, db: any Database) async throws -> [String] {
        guard db.isSQLite, words.count > 2 else { return words }
        struct Count: Decodable { let term: String; let doc: Int }
        let tokens = words.prefix(24).map { (M029_AddSimilarPetitionIndex.token(councilID: councilID, $0), $0) }
        // One look-up of each word in the index's vocabulary (M041), which counts the petitions holding it.
        let lookups: [SQLQueryString] = tokens.map { "SELECT term, doc FROM petition_fts_vocab WHERE term = \(bind: $0.0)" }
        let counts = Dictionary(try await db.sql.raw(lookups.joined(separator: " UNION ALL ")).rows(Count.self).map { ($0.term, $0.doc) },
                                uniquingKeysWith: { a, _ in a })
        // A word no open petition holds finds nothing and is left out.
        let ranked = tokens.compactMap { token, word in counts[token].map { (word: word, n: $0) } }.sorted { ($0.n, $0.word) < ($1.n, $1.word) }
        var chosen: [String] = [], total = 0
        for r in ranked {
            if chosen.count >= 2 && total + r.n > termBudget { break }
            chosen.append(r.word); total += r.n
        }
        return chosen
    }

    /// The open petitions of the council, other than `excluding`, that the index ranks closest to `words`.
    static func candidatesQuery(councilID: Int, excluding id: Int, words: [String], db: any Database) -> SQLQueryString {
        if db.isSQLite {
            // Only this council's entries of each word are read (M029 prefixes every word with its council).
            let match = words.prefix(24).map { "\"\(M029_AddSimilarPetitionIndex.token(councilID: councilID, $0))\"" }.joined(separator: " OR ")
            return """
                SELECT v.id, v.content, v.folded, v.voter_count FROM (SELECT rowid AS id, rank FROM petition_fts \
                WHERE petition_fts MATCH \(bind: match) AND rowid <> \(bind: id) ORDER BY rank LIMIT \(literal: candidates)) f \
                JOIN voter_petitions v ON v.id = f.id ORDER BY f.rank
                """
        }
        let text = words.joined(separator: " ")
        return """
            SELECT id, content, folded, voter_count FROM voter_petitions WHERE council_id = \(bind: councilID) AND id <> \(bind: id) \
            AND deleted_at IS NULL AND status NOT IN (\(unsafeRaw: M029_AddSimilarPetitionIndex.closed)) AND folded % \(bind: text) \
            ORDER BY similarity(folded, \(bind: text)) DESC LIMIT \(literal: candidates)
            """
    }

    /// Merges `other` into `keeper`: the keeper gains its voters; the other is closed as merged, linked, and kept.
    public static func merge(_ other: VoterPetition, into keeper: VoterPetition, actor: Actor?, db: any Database) async throws {
        guard other.councilID == keeper.councilID, other.id != keeper.id else {
            throw ValidationFailure(field: "into", "Chỉ gộp được hai kiến nghị khác nhau của cùng một Hội đồng.")
        }
        guard !other.status.isClosed, !keeper.status.isClosed else {
            throw ValidationFailure(field: "into", "Kiến nghị đã kết thúc xử lý thì không gộp được.")
        }
        guard Policy.allows(actor, .update, try await Places.of(keeper, on: db)) else { throw Abort(actor == nil ? .unauthorized : .forbidden) }
        let beforeKeeper = keeper.auditSnapshot, beforeOther = other.auditSnapshot
        let keeperFrom = keeper.status, otherFrom = other.status
        let keeperVersion = keeper.version, otherVersion = other.version
        try await db.transaction { tx in
            try await RecordWriter.claim(VoterPetition.self, id: keeper.id!, expectedVersion: keeperVersion, on: tx)
            try await RecordWriter.claim(VoterPetition.self, id: other.id!, expectedVersion: otherVersion, on: tx)
            keeper.voterCount += other.voterCount; keeper.version = keeperVersion + 1
            other.mergedIntoID = keeper.id; other.status = .merged; other.version = otherVersion + 1
            try await keeper.update(on: tx)
            try await other.update(on: tx)
            try await PetitionService.event(keeper, action: "merge", from: keeperFrom,
                                            note: "Gộp kiến nghị #\(other.id!) (\(VietnameseFormat.count(other.voterCount)) cử tri)", actor: actor, on: tx)
            try await PetitionService.event(other, action: "merge", from: otherFrom, note: "Gộp vào kiến nghị #\(keeper.id!)", actor: actor, on: tx)
            for (p, before) in [(keeper, beforeKeeper), (other, beforeOther)] {
                try await RecordWriter.index(p, on: tx)
                try await Audit.record(on: tx, actor: actor, action: .update, recordType: RecordKind.voterPetition.rawValue, recordID: p.id!,
                                       unitID: p.unitID, summary: "Gộp kiến nghị tương tự", before: before, after: p.auditSnapshot)
            }
        }
    }
}
