import Fluent
import Vapor

/// What a clerk does to many letters of a register at once: all or none, each checked and audited as if done one by one.
public enum LetterBulk {
    /// At most this many letters at once (a page of the register holds 50).
    static let maxBulk = 200

    /// Files the chosen letters ("Lưu đơn"): only letters still without a way of handling and still open; the first that
    /// cannot be filed says why, by its number, and nothing is filed. Returns how many were filed.
    public static func file(ids: [Int], councilID: Int, actor: Actor, db: any Database) async throws -> Int {
        // Who may write here is decided before anything is said about the choice.
        guard let council = try await Council.find(councilID, on: db) else { throw Abort(.notFound) }
        guard Policy.allows(actor, .update, try await Places.of(unitID: council.unitID, on: db).internalRecords) else { throw Abort(.forbidden) }
        let chosen = Array(Set(ids)).sorted()
        guard !chosen.isEmpty else { throw ValidationFailure(field: "chon", "Hãy chọn ít nhất một đơn.") }
        guard chosen.count <= maxBulk else { throw ValidationFailure(field: "chon", "Mỗi lần được chọn tối đa \(maxBulk) đơn.") }
        return try await db.transaction { tx in
            let letters = try await Letter.query(on: tx).filter(\.$id ~~ chosen).filter(\.$councilID == councilID).sort(\.$number).all()
            guard letters.count == chosen.count else {
                throw ValidationFailure(field: "chon", "Có đơn đã chọn không thuộc sổ này hoặc đã bị xóa; hãy tải lại danh sách.")
            }
            for l in letters {
                if let decision = l.decision {
                    throw ValidationFailure(field: "chon", "Đơn số \(l.registerNumber) đã có hướng xử lý (\(decision.label.lowercased())).")
                }
                if l.outcome != .pending { throw ValidationFailure(field: "chon", "Đơn số \(l.registerNumber) đã kết thúc.") }
                let before = l.auditSnapshot, version = l.version
                l.decision = .file
                try await RecordWriter(db: tx, actor: actor).update(l, expectedVersion: version, before: before, beforeUnitID: l.unitID)
            }
            return letters.count
        }
    }
}
