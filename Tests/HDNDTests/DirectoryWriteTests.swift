import Fluent
@testable import HDND
import Testing
import Vapor

@Suite struct DirectoryWriteTests {
    static let clerk = Actor(userID: 99, username: "vp", fullName: "Văn phòng", grants: [])

    static func office(of council: Council, _ db: any Database) async throws -> Actor {
        let unit = try #require(try await AdministrativeUnit.find(council.unitID, on: db))
        return Actor(userID: 99, username: "vanphong", fullName: "Văn phòng",
                     grants: [Grant(role: .office, unitID: unit.id, unitPath: unit.path)])
    }

    @Test(arguments: TestDB.all) func everyWriteIsAudited(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let council = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let actor = try await Self.office(of: council, app.db)
            let writer = RecordWriter(db: app.db, actor: actor)

            let person = try await Person.blank(["council": String(council.id!)], on: app.db)
            try await person.apply(["councilID": String(council.id!), "fullName": "Đỗ Văn Đức", "birthYear": "1975"], on: app.db)
            try await writer.create(person)
            var entries = try await AuditEntry.query(on: app.db).filter(\.$recordType == "person").filter(\.$recordID == person.id!).all()
            #expect(entries.count == 1)
            #expect(entries[0].action == .create && entries[0].userID == 99)
            #expect(Audit.changes(entries[0].changes).contains(AuditChange(field: "fullName", before: nil, after: "Đỗ Văn Đức")))

            let before = person.auditSnapshot
            try await person.apply(["councilID": String(council.id!), "fullName": "Đỗ Văn Đức", "birthYear": "1976"], on: app.db)
            try await writer.update(person, expectedVersion: 1, before: before, beforeUnitID: person.unitID)
            entries = try await AuditEntry.query(on: app.db).filter(\.$recordType == "person").filter(\.$recordID == person.id!)
                .sort(\.$id).all()
            #expect(entries.count == 2)
            #expect(Audit.changes(entries[1].changes) == [AuditChange(field: "birthYear", before: "1975", after: "1976")])

            try await writer.delete(person, expectedVersion: 2)
            #expect(try await Person.find(person.id, on: app.db) == nil)
            #expect(try await Person.query(on: app.db).withDeleted().filter(\.$id == person.id!).first() != nil, "soft-deleted")
            try await writer.restore(try #require(try await Person.query(on: app.db).withDeleted().filter(\.$id == person.id!).first()))
            #expect(try await Person.find(person.id, on: app.db) != nil)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$recordType == "person").filter(\.$recordID == person.id!)
                .sort(\.$id).all().map(\.action)
            #expect(actions == [.create, .update, .delete, .restore])
            // Search follows the record: found after restore.
            let hits = try await SearchIndex.search(on: app.db, query: "do van duc", unitPaths: [], limit: 10)
            #expect(hits.contains { $0.recordType == "person" && $0.recordId == person.id })
        }
    }

    @Test(arguments: TestDB.all) func staleVersionIsRefusedAndNothingChanges(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let council = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let actor = try await Self.office(of: council, app.db)
            let first = try await Fixture.person("Vũ Đức Bảo", app.db)
            let second = try #require(try await Person.find(first.id, on: app.db))
            let auditBefore = try await Fixture.auditCount(app.db)

            let b1 = first.auditSnapshot
            first.note = "Sửa lần một"
            try await RecordWriter(db: app.db, actor: actor).update(first, expectedVersion: first.version, before: b1, beforeUnitID: first.unitID)

            let b2 = second.auditSnapshot
            second.note = "Sửa lần hai, từ bản cũ"
            await #expect(throws: ConflictError.self) {
                try await RecordWriter(db: app.db, actor: actor).update(second, expectedVersion: second.version, before: b2, beforeUnitID: second.unitID)
            }
            let stored = try #require(try await Person.find(first.id, on: app.db))
            #expect(stored.note == "Sửa lần một")
            #expect(try await Fixture.auditCount(app.db) == auditBefore + 1)
        }
    }

    @Test(arguments: TestDB.all) func anotherCouncilsOfficeIsRefused(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let cuKhoi = try await Fixture.council("HĐND phường Hoàn Kiếm", app.db)
            let cuKhoiOffice = try await Self.office(of: cuKhoi, app.db)
            let person = try await Fixture.person("Lê Minh Đức", app.db)
            let before = person.auditSnapshot
            person.note = "không được phép"
            let auditBefore = try await Fixture.auditCount(app.db)
            await #expect(throws: (any Error).self) {
                try await RecordWriter(db: app.db, actor: cuKhoiOffice).update(person, expectedVersion: person.version,
                                                                              before: before, beforeUnitID: person.unitID)
            }
            let body = try await Body.blank(["term": String(try await Fixture.latestTerm(hbt, app.db).id!)], on: app.db)
            try await body.apply(["termID": String(body.termID), "kind": "committee", "name": "Ban lạ"], on: app.db)
            await #expect(throws: (any Error).self) { try await RecordWriter(db: app.db, actor: cuKhoiOffice).create(body) }
            #expect(try await Person.find(person.id, on: app.db)?.note == nil)
            #expect(try await Body.query(on: app.db).filter(\.$name == "Ban lạ").count() == 0)
            #expect(try await Fixture.auditCount(app.db) == auditBefore)
        }
    }

    @Test(arguments: TestDB.all) func migrationsRevertAndRunAgain(_ db: TestDB) async throws {
        try await withTestApp(db, demo: false) { app in
            try await app.autoRevert()
            try await app.autoMigrate()
            #expect(try await AdministrativeUnit.query(on: app.db).count() == 0)
        }
    }
}
