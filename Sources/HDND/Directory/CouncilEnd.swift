import Fluent

/// A council whose administrative unit ended (the 2025 reorganisation abolished the districts and merged the wards):
/// it is shown as ended and names the councils that took over.
public struct CouncilEnd: Sendable {
    public let endedOn: String
    public let successors: [(name: String, councilID: Int)]

    /// The end of `council`, if its unit has one; the successors are the councils of the units it passed into (for a
    /// district, the units its wards passed into).
    public static func of(_ council: Council, on db: any Database) async throws -> CouncilEnd? {
        guard let unit = try await AdministrativeUnit.find(council.unitID, on: db), let end = unit.validTo else { return nil }
        var units = try await UnitQueries.successions(unitID: unit.id!, forward: true, db: db).map(\.id)
        // A district ended with its level (01/07/2025): its work went where its wards went.
        if units.isEmpty { units = try await UnitQueries.successorsOfChildren(unitID: unit.id!, db: db) }
        let councils = units.isEmpty ? [] : try await Council.query(on: db).filter(\.$unitID ~~ units).sort(\.$name).all()
        return CouncilEnd(endedOn: end, successors: councils.map { ($0.name, $0.id!) })
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
