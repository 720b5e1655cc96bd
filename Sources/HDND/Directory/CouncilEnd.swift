import Fluent

/// A council whose administrative unit ended (the 2025 reorganisation abolished the districts and merged the wards):
/// it is shown as ended and names the councils that took over.
public struct CouncilEnd: Sendable {
    public let endedOn: String
    public let successors: [(name: String, councilID: Int)]

    /// The end of `council`, if its unit has one; the successors are the councils of the units it passed into.
    public static func of(_ council: Council, on db: any Database) async throws -> CouncilEnd? {
        guard let unit = try await AdministrativeUnit.find(council.unitID, on: db), let end = unit.validTo else { return nil }
        let units = try await UnitQueries.successions(unitID: unit.id!, forward: true, db: db).map(\.id)
        let councils = units.isEmpty ? [] : try await Council.query(on: db).filter(\.$unitID ~~ units).sort(\.$name).all()
        return CouncilEnd(endedOn: end, successors: councils.map { ($0.name, $0.id!) })
    }

    /// "Hội đồng đã kết thúc ngày 30/06/2025 (đơn vị hành chính không còn)." — the successors are listed beside it as links.
    public var text: String { "Hội đồng đã kết thúc ngày \(VietnameseFormat.date(endedOn)) (đơn vị hành chính không còn)." }
}
