import Fluent
import SQLKit
import Vapor

/// The same problem raised in many places: the petitions of a province's councils gathered into clusters of the same
/// content, so that a city sees "nạo vét cống thoát nước" raised in 14 wards by 212 voters as one line.
///
/// Computed incrementally, never by comparing every pair: each petition not yet in a cluster (new, or its content
/// changed) is compared with the clusters of its province through an inverted index of their words, joins the cluster
/// whose words it shares most (at least `threshold` of them together), or starts a new one. A cluster keeps the words
/// of the petition that started it (its folded text). The server gathers new petitions every minute (`PetitionClusterer`); bulk loads
/// gather theirs when they finish.
public enum PetitionClusters {
    static let schema = "petition_clusters"

    /// The share of words (Jaccard) a petition needs with a cluster to join it.
    static let threshold = 0.5

    /// The words compared: the meaningful ones without numbers (the lane or house number differs from ward to ward
    /// when the problem is the same).
    public static func words(_ folded: String) -> Set<String> {
        SimilarPetitions.words(folded, numbers: false)
    }

    /// The words of each text, in order, cut on every core: a bulk load gathers a million petitions.
    static func words(each texts: [String]) async throws -> [Set<String>] { try await Cores.map(texts, words) }

    /// The province of a unit path ("/1/11395/" → 1).
    static func province(ofPath path: String) -> Int? { AdministrativeUnit.ids(onPath: path).first }

    /// The clusters of one province, by the words they hold.
    struct Index {
        private(set) var ids: [Int] = []
        private var sizes: [Int] = []
        private var postings: [String: [Int]] = [:]
        /// Each set of words compared so far: its best cluster and score then, and how many clusters there were. A
        /// province's petitions say the same words many times over (the demo's million petitions, a ward's repeated
        /// problem): a set seen again is compared only with the clusters started since, which win only by a greater share
        /// (on a tie the older stays). Comparing every one with all the clusters sharing a word was most of gathering them.
        private var seen: [Set<String>: (position: Int?, score: Double, clusters: Int)] = [:]

        /// Adds a cluster and returns its position (its id can be set later, once it is stored).
        @discardableResult
        mutating func add(id: Int, words: Set<String>) -> Int {
            let position = ids.count
            ids.append(id); sizes.append(words.count)
            for word in words { postings[word, default: []].append(position) }
            return position
        }

        mutating func setID(_ id: Int, at position: Int) { ids[position] = id }

        /// The position of the cluster with the greatest share of `words`, at least `threshold`; the oldest on a tie.
        mutating func best(_ words: Set<String>) -> Int? {
            let known = seen[words]
            var best: (position: Int, score: Double)? = known.flatMap { k in k.position.map { ($0, k.score) } }
            // Positions grow as clusters are added: each word's list is read from its end down to the first not compared.
            let from = known?.clusters ?? 0
            var shared: [Int: Int] = [:]
            for word in words {
                for position in (postings[word] ?? []).reversed() {
                    if position < from { break }
                    shared[position, default: 0] += 1
                }
            }
            for (position, n) in shared {
                let score = Double(n) / Double(words.count + sizes[position] - n)
                guard score >= threshold else { continue }
                if let b = best, score < b.score || (score == b.score && position > b.position) { continue }
                best = (position, score)
            }
            seen[words] = (best?.position, best?.score ?? 0, ids.count)
            return best?.position
        }
    }

    /// Gathers every petition that is in no cluster yet, oldest first, `batch` at a time; returns how many.
    @discardableResult
    public static func assignPending(on db: any Database, batch: Int = 5_000) async throws -> Int {
        struct Pending: Decodable { let id: Int; let folded: String; let path: String }
        var indexes: [Int: Index] = [:]
        var done = 0, after = 0
        while true {
            // Onwards from the last petition read: a petition left pending meanwhile waits for the next run, and a
            // bulk load that has dropped the indexes (`BulkLoad`) reads the table by its ids instead of scanning it.
            let rows = try await db.sql.raw("""
                SELECT v.id, v.folded, u.path FROM voter_petitions v JOIN units u ON u.id = v.unit_id \
                WHERE v.cluster_id IS NULL AND v.id > \(bind: after) ORDER BY v.id LIMIT \(literal: batch)
                """).rows(Pending.self)
            guard let last = rows.last else { return done }
            after = last.id
            let clusters = try await clusters(of: rows.map { ($0.folded, province(ofPath: $0.path) ?? 0) }, indexes: &indexes, on: db)
            // One statement per cluster and 500 petitions; a petition changed meanwhile (emptied again) is left pending.
            var byCluster: [Int: [Int]] = [:]
            for (row, cluster) in zip(rows, clusters) { byCluster[cluster, default: []].append(row.id) }
            let updates = byCluster
            try await db.transaction { tx in
                for (cluster, petitions) in updates {
                    for chunk in stride(from: 0, to: petitions.count, by: 500).map({ Array(petitions[$0..<min($0 + 500, petitions.count)]) }) {
                        try await tx.sql.update(VoterPetition.schema).set("cluster_id", to: SQLBind(cluster))
                            .where(SQLIdentifier("id"), .in, SQLBind.group(chunk)).where("cluster_id", .is, SQLLiteral.null).run()
                    }
                }
            }
            done += rows.count
        }
    }

    /// The cluster of each petition (its folded text and its province), in order: the one it shares most words with, or a
    /// new one it starts, stored here. `indexes` holds the provinces' clusters read so far (loaded when first needed).
    /// A bulk write that knows its petitions' texts (`PetitionImport`) writes them with their clusters at once.
    static func clusters(of petitions: [(folded: String, province: Int)], indexes: inout [Int: Index], on db: any Database) async throws -> [Int] {
        try await clusters(of: petitions, words: try await words(each: petitions.map(\.folded)), indexes: &indexes, on: db)
    }

    /// The same, the petitions' words already cut (`words`, in the same order): a bulk load that draws its petitions
    /// on other threads cuts their words there too (`hdnd demo --scale`).
    static func clusters(of petitions: [(folded: String, province: Int)], words: [Set<String>], indexes: inout [Int: Index],
                         on db: any Database) async throws -> [Int] {
        struct New: Sendable { let province: Int; let position: Int; let folded: String }
        // Decided in memory first; clusters started here have no id until they are stored (`New`).
        var started: [New] = []
        var members: [(province: Int, position: Int)] = []
        members.reserveCapacity(petitions.count)
        for (petition, words) in zip(petitions, words) {
            let province = petition.province
            // Taken out of the dictionary while it grows, so that adding a cluster does not copy the index.
            var index: Index
            if let known = indexes.removeValue(forKey: province) { index = known } else { index = try await load(province: province, on: db) }
            if let position = index.best(words) {
                members.append((province, position))
            } else {
                let position = index.add(id: 0, words: words)
                started.append(New(province: province, position: position, folded: petition.folded))
                members.append((province, position))
            }
            indexes[province] = index
        }
        let toStore = started
        let ids = try await db.transaction { tx -> [Int] in
            var ids: [Int] = []
            for new in toStore {
                struct ID: Decodable { let id: Int }
                let row = try await tx.sql.insert(into: schema).columns("unit_id", "folded", "created_at")
                    .values(SQLBind(new.province), SQLBind(new.folded), SQLBind(Date()))
                    .returning("id").firstRow(ID.self)
                ids.append(row?.id ?? 0)
            }
            return ids
        }
        for (new, id) in zip(started, ids) { indexes[new.province]?.setID(id, at: new.position) }
        return members.map { indexes[$0.province]?.ids[$0.position] ?? 0 }
    }

    /// How many petitions wait to be gathered (up to `Paging.countCap + 1`): a page of clusters says so.
    public static func pending(on db: any Database) async throws -> Int {
        try await Paging.count(db.sql.select().column("id").from(VoterPetition.schema).where("cluster_id", .is, SQLLiteral.null), db: db)
    }

    static func load(province: Int, on db: any Database) async throws -> Index {
        struct Row: Decodable { let id: Int; let folded: String }
        var index = Index()
        let rows = try await db.sql.select().columns("id", "folded").from(schema).where("unit_id", .equal, province).orderBy("id")
            .rows(Row.self)
        for (row, words) in zip(rows, try await words(each: rows.map(\.folded))) { index.add(id: row.id, words: words) }
        return index
    }

    // MARK: Reading

    public struct Place: Decodable, Sendable { public let council_id: Int; public let name: String; public let petitions: Int; public let voters: Int }

    public struct Cluster: Sendable {
        public let id: Int
        public let content: String
        /// How many councils raised it, and their petitions and voters together.
        public let councils: Int
        public let petitions: Int
        public let voters: Int
        /// The councils that raised it, most voters first (the first `places` of them).
        public let places: [Place]
    }

    /// `top` as `figures` keeps it while nothing it counts has changed (`FigureCache`: the clusters and their counters
    /// follow the petitions, the councils and their units, all of them bumping the figures' revision).
    static func top(unitPath: String, from: String, to: String, limit: Int = 20, places: Int = 10, kept figures: FigureCache,
                    db: any Database) async throws -> [Cluster] {
        try await figures.value("clusters \(unitPath) \(from) \(to) \(limit) \(places)", on: db) {
            try await top(unitPath: unitPath, from: from, to: to, limit: limit, places: places, db: db)
        }
    }

    /// The clusters raised by at least two councils of `unitPath` (the unit and every unit below) among the petitions
    /// received in the period, most councils first, then most voters, each with its first `places` councils. Merged
    /// petitions count in the one they joined.
    public static func top(unitPath: String, from: String, to: String, limit: Int = 20, places: Int = 10, db: any Database) async throws -> [Cluster] {
        let (keys, days) = PetitionClusterCounts.periods(from: Day(stored: from), to: Day(stored: to))
        let rows: [TopRow]
        if keys.count == 1, days.isEmpty, let unitID = AdministrativeUnit.ids(onPath: unitPath).last {
            rows = try await topOfUnit(unitID, unitPath: unitPath, period: keys[0], limit: limit, places: places, db: db)
        } else {
            rows = try await db.sql.raw(topQuery(unitPath: unitPath, from: from, to: to, limit: limit, places: places)).rows(TopRow.self)
        }
        // In the order of the ranking, each cluster's places in theirs.
        var order: [Int] = [], byCluster: [Int: [TopRow]] = [:]
        for row in rows {
            if byCluster[row.cluster_id] == nil { order.append(row.cluster_id) }
            byCluster[row.cluster_id, default: []].append(row)
        }
        let names = try await firstPetitions(byCluster.compactMapValues { $0.first?.first_id }, unitPath: unitPath, from: from, to: to, db: db)
        return order.compactMap { id in
            guard let places = byCluster[id], let head = places.first else { return nil }
            return Cluster(id: id, content: names[id] ?? "", councils: head.councils, petitions: head.total_petitions, voters: head.total_voters,
                           places: places.map { Place(council_id: $0.council_id, name: $0.name, petitions: $0.petitions, voters: $0.voters) })
        }
    }

    /// A ranked cluster with its totals, and one of its first councils.
    struct TopRow: Decodable {
        let cluster_id: Int; let councils: Int; let total_petitions: Int; let total_voters: Int; let first_id: Int
        let council_id: Int; let name: String; let petitions: Int; let voters: Int
    }

    /// The clusters of a whole year or month (`period`): ranked from the unit's totals (`PetitionClusterCounts.unitSchema`),
    /// then each one's first councils through the index of a cluster's councils by voters, one short read per cluster.
    static func topOfUnit(_ unitID: Int, unitPath: String, period: String, limit: Int, places: Int, db: any Database) async throws -> [TopRow] {
        struct Head: Decodable { let cluster_id: Int; let councils: Int; let petitions: Int; let voters: Int; let first_id: Int }
        let heads = try await db.sql.raw(unitClustersQuery(unitID, period: period, limit: limit)).rows(Head.self)
        guard !heads.isEmpty else { return [] }
        struct Place: Decodable { let cluster_id: Int; let council_id: Int; let name: String; let petitions: Int; let voters: Int }
        // PostgreSQL: the councils named by their ids, so that the statement has no pattern and is prepared once.
        let councils: [Int]? = db.isSQLite ? nil : try await SummaryQueries.councilIDs(under: unitPath, on: db)
        let found = try await db.sql.raw(placesQuery(heads.map(\.cluster_id), unitPath: unitPath, councilIDs: councils, period: period, places: places))
            .rows(Place.self)
        let byCluster = Dictionary(grouping: found, by: \.cluster_id)
        return heads.flatMap { head in
            (byCluster[head.cluster_id] ?? []).sorted { ($1.voters, $1.petitions, $0.council_id) < ($0.voters, $0.petitions, $1.council_id) }.map {
                TopRow(cluster_id: head.cluster_id, councils: head.councils, total_petitions: head.petitions, total_voters: head.voters,
                       first_id: head.first_id, council_id: $0.council_id, name: $0.name, petitions: $0.petitions, voters: $0.voters)
            }
        }
    }

    /// The unit's clusters of the period raised by two councils or more, ranked, from its totals.
    static func unitClustersQuery(_ unitID: Int, period: String, limit: Int) -> SQLQueryString {
        """
        SELECT cluster_id, councils, petitions, voters, first_id FROM \(unsafeRaw: PetitionClusterCounts.unitSchema) \
        WHERE period = \(bind: period) AND unit_id = \(bind: unitID) AND councils >= 2 ORDER BY councils DESC, voters DESC, cluster_id \
        LIMIT \(literal: limit)
        """
    }

    /// The first `places` councils of `unitPath` (or of `councilIDs`, its councils read) of each cluster in the period,
    /// most voters first: each cluster's read from the index of a cluster's councils by voters, stopping at its
    /// `places`th council of the unit. On SQLite one part per cluster; on PostgreSQL (`councilIDs`) one lateral read,
    /// a statement short to plan (twenty parts took 2 ms to plan, which PostgreSQL did anew for each request).
    static func placesQuery(_ clusters: [Int], unitPath: String, councilIDs: [Int]? = nil, period: String, places: Int) -> SQLQueryString {
        if let councilIDs {
            return """
                SELECT p.cluster_id, p.council_id, c.name, p.petitions, p.voters FROM unnest(\(bind: clusters)) AS k (cluster_id) \
                CROSS JOIN LATERAL (SELECT x.cluster_id, x.council_id, x.petitions, x.voters FROM \(unsafeRaw: PetitionClusterCounts.schema) x \
                WHERE x.period = \(bind: period) AND x.cluster_id = k.cluster_id AND x.petitions > 0 AND x.council_id = ANY(\(bind: councilIDs)) \
                ORDER BY x.voters DESC, x.petitions DESC, x.council_id LIMIT \(literal: places)) p JOIN councils c ON c.id = p.council_id
                """
        }
        let each: [SQLQueryString] = clusters.enumerated().map { i, cluster in
            """
            SELECT * FROM (SELECT cluster_id, council_id, petitions, voters FROM \(unsafeRaw: PetitionClusterCounts.schema) \
            WHERE period = \(bind: period) AND cluster_id = \(bind: cluster) AND petitions > 0 AND council_id IN (SELECT id FROM scope) \
            ORDER BY voters DESC, petitions DESC, council_id LIMIT \(literal: places)) p\(unsafeRaw: String(i))
            """
        }
        return """
            WITH scope AS MATERIALIZED (\(SummaryQueries.councilsUnder(unitPath))) \
            SELECT p.cluster_id, p.council_id, c.name, p.petitions, p.voters FROM (\(each.joined(separator: " UNION ALL "))) p \
            JOIN councils c ON c.id = p.council_id
            """
    }

    /// Each cluster named by its first petition of the period in the scope: never by a petition of a council the reader
    /// may not read. The counters' first petition (`first`) is taken when it still is one (a petition that left the
    /// cluster, was deleted or merged, does not undo a counter's first id); otherwise the cluster's petitions are read.
    static func firstPetitions(_ clusters: [Int: Int], unitPath: String, from: String, to: String, db: any Database) async throws -> [Int: String] {
        guard !clusters.isEmpty else { return [:] }
        struct Petition: Decodable { let id: Int; let content: String; let cluster_id: Int? }
        let scope = SummaryQueries.councilScope(unitPath)
        let counted: SQLQueryString = """
            \(scope) AND received_on >= \(bind: from) AND received_on <= \(bind: to) AND \(unsafeRaw: PetitionClusterCounts.counted(VoterPetition.schema))
            """
        let firsts = try await db.sql.raw("""
            SELECT id, content, cluster_id FROM voter_petitions WHERE id IN (\(binds: clusters.values.sorted())) AND \(counted)
            """).rows(Petition.self)
        var names: [Int: String] = [:]
        for p in firsts { if let cluster = p.cluster_id, clusters[cluster] == p.id { names[cluster] = p.content } }
        for cluster in clusters.keys.sorted() where names[cluster] == nil {
            names[cluster] = try await db.sql.raw("""
                SELECT id, content, cluster_id FROM voter_petitions WHERE cluster_id = \(bind: cluster) AND \(counted) ORDER BY id
                """).firstRow(Petition.self)?.content
        }
        return names
    }

    /// Each cluster's petitions and voters per council from the counters (`PetitionClusterCounts`) and, for the days of a
    /// month the period cuts, from the petitions; the clusters of two councils or more ranked, with their totals; then
    /// the first `places` councils of each, with their names.
    static func topQuery(unitPath: String, from: String, to: String, limit: Int, places: Int = 10) -> SQLQueryString {
        let scope = SummaryQueries.councilScope(unitPath)
        let (keys, days) = PetitionClusterCounts.periods(from: Day(stored: from), to: Day(stored: to))
        var parts: [SQLQueryString] = []
        if !keys.isEmpty {
            parts.append("""
                SELECT cluster_id, council_id, first_id, petitions, voters FROM \(unsafeRaw: PetitionClusterCounts.schema) \
                WHERE period IN (\(binds: keys)) AND \(scope) AND petitions > 0
                """)
        }
        for span in days {
            parts.append("""
                SELECT v.cluster_id, v.council_id, MIN(v.id), COUNT(*), SUM(v.voter_count) FROM voter_petitions v \
                WHERE v.\(scope) AND v.received_on >= \(bind: span.from.description) AND v.received_on <= \(bind: span.to.description) \
                AND \(unsafeRaw: PetitionClusterCounts.counted("v")) GROUP BY v.cluster_id, v.council_id
                """)
        }
        return """
            WITH s (cluster_id, council_id, first_id, petitions, voters) AS (\(parts.joined(separator: " UNION ALL "))), \
            p AS MATERIALIZED (SELECT cluster_id, council_id, MIN(first_id) AS first_id, CAST(SUM(petitions) AS BIGINT) AS petitions, \
            CAST(SUM(voters) AS BIGINT) AS voters FROM s GROUP BY cluster_id, council_id), \
            k AS MATERIALIZED (SELECT cluster_id, COUNT(*) AS councils, CAST(SUM(petitions) AS BIGINT) AS total_petitions, \
            CAST(SUM(voters) AS BIGINT) AS total_voters, MIN(first_id) AS first_id FROM p GROUP BY cluster_id HAVING COUNT(*) >= 2 \
            ORDER BY councils DESC, total_voters DESC, cluster_id LIMIT \(literal: limit)), \
            r AS MATERIALIZED (SELECT p.cluster_id, p.council_id, p.petitions, p.voters, \
            ROW_NUMBER() OVER (PARTITION BY p.cluster_id ORDER BY p.voters DESC, p.petitions DESC, p.council_id) AS place \
            FROM p WHERE p.cluster_id IN (SELECT cluster_id FROM k)) \
            SELECT k.cluster_id, k.councils, k.total_petitions, k.total_voters, k.first_id, r.council_id, c.name, r.petitions, r.voters \
            FROM k JOIN r ON r.cluster_id = k.cluster_id JOIN councils c ON c.id = r.council_id WHERE r.place <= \(literal: places) \
            ORDER BY k.councils DESC, k.total_voters DESC, k.cluster_id, r.place
            """
    }
}

/// Gathers the petitions entered since the last run into clusters, every minute while the server runs.
struct PetitionClusterer: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let db = app.db, logger = app.logger
        app.storage[Running.self] = Task.detached {
            while !Task.isCancelled {
                do { try await PetitionClusters.assignPending(on: db) } catch { logger.warning("Gom nhóm kiến nghị: \(String(describing: error))") }
                try? await Task.sleep(nanoseconds: 60_000_000_000)
            }
        }
    }

    func shutdown(_ app: Application) { app.storage[Running.self]?.cancel() }

    struct Running: StorageKey { typealias Value = Task<Void, Never> }
}
