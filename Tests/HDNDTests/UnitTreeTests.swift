import Fluent
@testable import HDND
import Testing

@Suite struct UnitTreeTests {
    @Test func aPathNamesItsUnitsRootFirst() {
        #expect(AdministrativeUnit.ids(onPath: "/1/7/256/") == [1, 7, 256])
        #expect(AdministrativeUnit.ids(onPath: "/") == [] && PetitionClusters.province(ofPath: "/1/11395/") == 1)
    }

    @Test(arguments: TestDB.all) func hanoiAsOfAnyDay(_ db: TestDB) async throws {
        try await withTestApp(db, demo: false) { app in
            try await UnitsImporter.run(on: app.db, provinces: ["01"])
            let hanoiBefore = try #require(try await UnitQueries.find(code: "01", on: "2020-06-01", db: app.db))
            let hanoiAfter = try #require(try await UnitQueries.find(code: "01", on: "2026-01-01", db: app.db))
            #expect(hanoiBefore.id == hanoiAfter.id, "Hà Nội did not merge: one unit throughout")

            // Before 1 July 2025: three levels, 30 districts.
            let districts = try await UnitQueries.children(of: hanoiBefore.id, on: "2025-06-30", db: app.db)
            #expect(districts.count == 30)
            #expect(districts.allSatisfy { $0.level == .district })
            let hbt = try #require(districts.first { $0.name == "Hai Bà Trưng" })
            #expect(hbt.kind == .quan)
            let wards = try await UnitQueries.children(of: hbt.id, on: "2020-06-01", db: app.db)
            #expect(wards.count == 18)
            #expect(wards.contains { $0.name == "Nguyễn Du" } && wards.contains { $0.name == "Phạm Đình Hổ" })

            // From 1 July 2025: two levels, 126 communes directly under the city.
            let communes = try await UnitQueries.children(of: hanoiAfter.id, on: "2025-07-01", db: app.db)
            #expect(communes.count == 126)
            #expect(communes.allSatisfy { $0.level == .commune })
            #expect(try await UnitQueries.find(code: "007", on: "2025-07-01", db: app.db) == nil, "district level abolished")

            // Hà Nội's wards had no council from 1 July 2021 until the reform; communes (xã) kept theirs.
            let ward = try #require(wards.first)
            #expect(try await UnitQueries.find(id: ward.id, on: "2020-06-01", db: app.db)?.has_council == true)
            #expect(try await UnitQueries.find(id: ward.id, on: "2022-01-01", db: app.db)?.has_council == false)
            let meLinh = try #require(districts.first { $0.name == "Mê Linh" })
            let xa = try #require(try await UnitQueries.children(of: meLinh.id, on: "2022-01-01", db: app.db).first { $0.kind == .xa })
            #expect(xa.has_council)
            #expect(try await UnitQueries.find(id: communes[0].id, on: "2026-01-01", db: app.db)?.has_council == true)

            // A pre-2025 ward of Hai Bà Trưng traces to today's commune.
            let bachDang = try #require(wards.first { $0.name == "Bạch Đằng" })
            let became = try await UnitQueries.successions(unitID: bachDang.id, forward: true, db: app.db)
            #expect(!became.isEmpty)
            let back = try await UnitQueries.successions(unitID: became[0].id, forward: false, db: app.db)
            #expect(back.contains { $0.id == bachDang.id })
        }
    }

    @Test(arguments: TestDB.all) func fullOfficialListsLoad(_ db: TestDB) async throws {
        try await withTestApp(db, demo: false) { app in
            let result = try #require(try await UnitsImporter.run(on: app.db))
            #expect(result.successions > 10_000)
            let before = "2025-06-30", after = "2025-07-01"
            let oldProvinces = try await UnitQueries.children(of: nil, on: before, db: app.db)
            let newProvinces = try await UnitQueries.children(of: nil, on: after, db: app.db)
            #expect(oldProvinces.count == 63)
            #expect(newProvinces.count == 34)
            let counts = try await app.db.sql.raw("""
                SELECT level, COUNT(*) AS n FROM units WHERE valid_to IS NOT NULL OR valid_from IS NULL GROUP BY level
                """).all(decoding: LevelCount.self)
            #expect(counts.first { $0.level == "district" }?.n == 705)
            #expect(counts.first { $0.level == "commune" }?.n == 10_599)
            let communes = try await AdministrativeUnit.query(on: app.db).filter(\.$level == .commune)
                .filter(\.$validFrom == UnitsImporter.firstDayOf2025).count()
            #expect(communes == 3_321)
            // A second import changes nothing.
            #expect(try await UnitsImporter.run(on: app.db) == nil)
        }
    }

    struct LevelCount: Decodable { let level: String; let n: Int }
}
