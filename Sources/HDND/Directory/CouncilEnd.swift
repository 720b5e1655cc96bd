import Fluent
import SQLKit

/// A council whose administrative unit ended (the 2025 reorganisation abolished the districts and merged the wards):
/// it is shown as ended and names the councils that took over.
public struct CouncilEnd: Sendable {
    public let endedOn: String
    public let successors: [Successor]

    /// A council the ended one's work passed to, with the place of its records (who may take the work over).
    public struct Successor: Decodable, Sendable {
        public let name: String, councilID: Int, unitID: Int, unitPath: String
        enum CodingKeys: String, CodingKey { case name, councilID = "id", unitID = "unit_id", unitPath = "path" }
    }

    /// The end of `council`, if its unit has one; the successors are the councils of the units it passed into (for a
    /// district, the units its wards passed into).
    public static func of(_ council: Council, on db: any Database) async throws -> CouncilEnd? {
        struct Unit: Decodable { let valid_to: String? }
        let unit = try await db.sql.select().column("valid_to").from(AdministrativeUnit.schema).where("id", .equal, council.unitID)
            .where("deleted_at", .is, SQLLiteral.null).firstRow(Unit.self)
        return try await of(unitID: council.unitID, endedOn: unit?.valid_to, on: db)
    }

    /// The same, for a council whose unit's last day (`valid_to`) is already read.
    public static func of(unitID: Int, endedOn: String?, on db: any Database) async throws -> CouncilEnd? {
        guard let end = endedOn else { return nil }
        var units = try await UnitQueries.successions(unitID: unitID, forward: true, db: db).map(\.id)
        // A district ended with its level (01/07/2025): its work went where its wards went.
        if units.isEmpty { units = try await UnitQueries.successorsOfChildren(unitID: unitID, db: db) }
        let successors = units.isEmpty ? [] : try await db.sql.raw("""
            SELECT c.id, c.name, c.unit_id, u.path FROM councils c JOIN units u ON u.id = c.unit_id \
            WHERE c.unit_id IN (\(binds: units)) AND c.deleted_at IS NULL ORDER BY c.name, c.id
            """).rows(Successor.self)
        return CouncilEnd(endedOn: end, successors: successors)
    }

    /// A council whose unit ended accepts no record dated after the end: later work belongs to a successor, and an
    /// abolished council's open work reaches it by a hand-over (`Handovers`).
    public static func check(_ council: Council?, day: String?, field: String, _ v: inout Validator, on db: any Database) async throws {
        guard let council, let day, let end = try await of(council, on: db), day > end.endedOn else { return }
        let names = end.successors.map(\.name).joined(separator: ", ")
        v.fail(field, "\(council.name) đã kết thúc ngày \(VietnameseFormat.date(end.endedOn)): việc từ sau ngày đó ghi vào Hội đồng kế thừa"
                   + (names.isEmpty ? "." : " (\(names))."))
    }

    /// "Hội đồng đã kết thúc ngày 30/06/2025 (đơn vị hành chính không còn)." — the successors are listed beside it as links.
    public var text: String { "Hội đồng đã kết thúc ngày \(VietnameseFormat.date(endedOn)) (đơn vị hành chính không còn)." }
}
