import Fluent
import SQLKit

/// The same problem raised in many places (`PetitionClusters`): the clusters of a province and each petition's
/// cluster. A petition whose content changes leaves its cluster (the column is emptied by a trigger) and is gathered
/// again. And the counters' triggers now fire only on the columns they read, so that writing a petition's cluster
/// (or a letter's next deadline) does not recount it.
struct M032_AddPetitionClusters: AsyncMigration {
    static let covering = ["council_id", "received_on", "cluster_id", "voter_count", "status", "deleted_at"]

    func prepare(on db: any Database) async throws {
        try await SummaryCounters.dropTriggers(on: db)
        try await SummaryCounters.createTriggers(on: db)
        try await db.schema(PetitionClusters.schema).intID().field("unit_id", .int, .required)
            .field("folded", .string, .required).field("created_at", .datetime).create()
        try await db.index(PetitionClusters.schema, "unit_id")
        try await db.schema(VoterPetition.schema).field("cluster_id", .int).update()
        try await db.index(VoterPetition.schema, "cluster_id")
        // The clusters of a city's year read from the index alone (100.000 petitions: 85 ms instead of 2,3 s); it
        // serves the summary's counts by day received as the index it replaces did.
        try await db.sql.drop(index: "voter_petitions_council_id_received_on_idx").run()
        try await db.index(VoterPetition.schema, Self.covering)
        if db.isSQLite {
            try await db.sql.raw("""
                CREATE TRIGGER voter_petitions_cluster_au AFTER UPDATE OF folded ON voter_petitions WHEN old.folded IS NOT new.folded \
                BEGIN UPDATE voter_petitions SET cluster_id = NULL WHERE id = new.id; END
                """).run()
        } else {
            try await db.sql.raw("""
                CREATE OR REPLACE FUNCTION voter_petitions_cluster() RETURNS trigger AS $$
                BEGIN NEW.cluster_id := NULL; RETURN NEW; END $$ LANGUAGE plpgsql
                """).run()
            try await db.sql.raw("""
                CREATE TRIGGER voter_petitions_cluster BEFORE UPDATE OF folded ON voter_petitions FOR EACH ROW \
                WHEN (OLD.folded IS DISTINCT FROM NEW.folded) EXECUTE FUNCTION voter_petitions_cluster()
                """).run()
        }
    }

    func revert(on db: any Database) async throws {
        if db.isSQLite {
            try await db.sql.raw("DROP TRIGGER IF EXISTS voter_petitions_cluster_au").run()
        } else {
            try await db.sql.raw("DROP TRIGGER IF EXISTS voter_petitions_cluster ON voter_petitions").run()
            try await db.sql.raw("DROP FUNCTION IF EXISTS voter_petitions_cluster()").run()
        }
        try await db.sql.drop(index: "voter_petitions_cluster_id_idx").run()
        try await db.sql.drop(index: "voter_petitions_\(Self.covering.joined(separator: "_"))_idx").run()
        try await db.index(VoterPetition.schema, "council_id", "received_on")
        try await db.dropColumns(VoterPetition.schema, ["cluster_id"])
        try await db.schema(PetitionClusters.schema).delete()
    }
}
