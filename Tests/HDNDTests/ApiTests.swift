import Fluent
import Foundation
@testable import HDND
import Testing
import Vapor
import VaporTesting

@Suite struct ApiTests {
    struct UnitPage: Decodable { let items: [UnitItem]; let next: String? }
    struct UnitItem: Decodable {
        let code: String; let name: String; let level: String; let kind: String
        let parentCode: String?; let validFrom: String?; let validTo: String?; let hasCouncil: Bool
    }

    @Test(arguments: TestDB.all) func unitsAsOfADay(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            var res = try await app.testing().sendRequest(.GET, "/api/v1/units?on=2020-01-01")
            #expect(res.status == .ok)
            var page = try res.content.decode(UnitPage.self)
            #expect(page.items.map(\.code) == ["01"])
            res = try await app.testing().sendRequest(.GET, "/api/v1/units?on=2020-01-01&parent=007")
            page = try res.content.decode(UnitPage.self)
            #expect(page.items.count == 18)
            #expect(page.items.allSatisfy { $0.parentCode == "007" && $0.level == "commune" && $0.kind == "phuong" && $0.validTo == "2025-06-30" })
            #expect(page.next == nil)

            // Keyset pages: 30 districts in pages of 10.
            var codes: [String] = []
            var cursor: String? = nil
            repeat {
                let r = try await app.testing().sendRequest(.GET, "/api/v1/units?on=2024-01-01&parent=01&limit=10" + (cursor.map { "&after=\($0)" } ?? ""))
                let p = try r.content.decode(UnitPage.self)
                codes += p.items.map(\.code); cursor = p.next
            } while cursor != nil
            #expect(codes.count == 30 && Set(codes).count == 30)

            res = try await app.testing().sendRequest(.GET, "/api/v1/units?on=2025-07-01&parent=01&limit=500")
            #expect(try res.content.decode(UnitPage.self).items.count == 126)

            res = try await app.testing().sendRequest(.GET, "/api/v1/units/007?on=2020-06-01")
            // Every documented key is present, open ends as null.
            let raw = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as! [String: Any]
            for key in ["code", "name", "level", "kind", "parentCode", "validFrom", "validTo", "hasCouncil"] {
                #expect(raw.keys.contains(key), "unit JSON lacks \(key)")
            }
            #expect(raw["validFrom"] is NSNull)
            let lastPage = try await app.testing().sendRequest(.GET, "/api/v1/units?on=2020-01-01")
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: lastPage.body)) as! [String: Any])["next"] is NSNull)
            let hbt = try res.content.decode(UnitItem.self)
            #expect(hbt.name == "Hai Bà Trưng" && hbt.kind == "quan" && hbt.parentCode == "01" && hbt.hasCouncil)
            res = try await app.testing().sendRequest(.GET, "/api/v1/units/007?on=2025-07-01")
            #expect(res.status == .notFound)
            #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)

            res = try await app.testing().sendRequest(.GET, "/api/v1/units?on=hom-nay")
            #expect(res.status == .unprocessableEntity)
            let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: res.body))
            #expect(problem.status == 422 && problem.errors?.first?.field == "on")
        }
    }

    struct ProblemBody: Decodable { let title: String; let status: Int; let detail: String; let errors: [FieldError]? }
    struct SearchPage: Decodable { let items: [Hit]; let next: String? }
    struct Hit: Decodable { let recordType: String; let recordId: Int; let title: String }

    @Test(arguments: TestDB.all) func searchIgnoresDiacriticsAndCase(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            for q in ["duc", "DUC", "Đức", "đức tuấn"] {
                let res = try await app.testing().sendRequest(.GET, "/api/v1/search?q=\(Visitor.encode(q))&limit=100")
                let page = try res.content.decode(SearchPage.self)
                #expect(page.items.contains { $0.title == "Dương Đức Tuấn" }, "query \(q)")
            }
            let res = try await app.testing().sendRequest(.GET, "/api/v1/search?q=cu%20khoi")
            let page = try res.content.decode(SearchPage.self)
            #expect(page.items.contains { $0.title == "Phường Cự Khối" && $0.recordType == "unit" })
            #expect(page.items.contains { $0.title == "UBND phường Cự Khối" && $0.recordType == "organization" })
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/search").status == .unprocessableEntity)
            // One kind only, and pages that follow on.
            let units = try await app.testing().sendRequest(.GET, "/api/v1/search?q=cu%20khoi&type=unit").content.decode(SearchPage.self)
            #expect(!units.items.isEmpty && units.items.allSatisfy { $0.recordType == "unit" })
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/search?q=cu%20khoi&type=dance").status == .unprocessableEntity)
            let one = try await app.testing().sendRequest(.GET, "/api/v1/search?q=phuong&limit=5").content.decode(SearchPage.self)
            let cursor = try #require(one.next)
            let two = try await app.testing().sendRequest(.GET, "/api/v1/search?q=phuong&limit=5&after=\(cursor)").content.decode(SearchPage.self)
            #expect(one.items.count == 5 && two.items.count == 5)
            #expect(Set(one.items.map { "\($0.recordType)\($0.recordId)" }).isDisjoint(with: two.items.map { "\($0.recordType)\($0.recordId)" }))
        }
    }

    @Test(arguments: TestDB.all) func writesNeedATokenAndGoThroughThePolicy(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let officeUser = try #require(try await User.query(on: app.db).filter(\.$username == "vanphong.hbt").first())
            let token = try await Accounts.issueToken(userID: officeUser.id!, name: "test", on: app.db)
            func send(_ method: HTTPMethod, _ path: String, _ json: String?, token: String?) async throws -> TestingHTTPResponse {
                var h = HTTPHeaders()
                if let token { h.bearerAuthorization = BearerAuthorization(token: token) }
                if json != nil { h.contentType = .json }
                return try await app.testing().sendRequest(method, path, headers: h, body: json.map { ByteBuffer(string: $0) })
            }
            var res = try await send(.POST, "/api/v1/people", #"{"councilID": \#(hbt.id!), "fullName": "Vũ Thị Mai"}"#, token: nil)
            #expect(res.status == .unauthorized)
            res = try await send(.POST, "/api/v1/people", #"{"councilID": \#(hbt.id!), "fullName": ""}"#, token: token)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("fullName"))
            res = try await send(.POST, "/api/v1/people", #"{"councilID": \#(hbt.id!), "fullName": "Vũ Thị Mai", "birthYear": 1980}"#, token: token)
            #expect(res.status == .created)
            struct PersonJSON: Decodable { let id: Int; let version: Int; let fullName: String }
            let created = try res.content.decode(PersonJSON.self)
            #expect(created.fullName == "Vũ Thị Mai" && created.version == 1)

            res = try await send(.PATCH, "/api/v1/people/\(created.id)", #"{"note": "Đại biểu mới", "version": 1}"#, token: token)
            #expect(res.status == .ok)
            res = try await send(.PATCH, "/api/v1/people/\(created.id)", #"{"note": "Bản cũ", "version": 1}"#, token: token)
            #expect(res.status == .conflict)
            #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(try await Person.find(created.id, on: app.db)?.note == "Đại biểu mới")

            // Another council's person: refused.
            let an = try await Fixture.person("Ngô Văn An", app.db)
            res = try await send(.PATCH, "/api/v1/people/\(an.id!)", #"{"note": "x", "version": \#(an.version)}"#, token: token)
            #expect(res.status == .forbidden)
            res = try await send(.DELETE, "/api/v1/people/\(created.id)?version=2", nil, token: token)
            #expect(res.status == .noContent)
            #expect(try await Person.find(created.id, on: app.db) == nil)
            #expect(try await send(.GET, "/api/v1/people/\(created.id)", nil, token: nil).status == .notFound)
            // Revoked or made-up tokens are refused.
            #expect(try await send(.GET, "/api/v1/people", nil, token: "hdnd_khong_ton_tai").status == .unauthorized)
        }
    }

    @Test(arguments: TestDB.all) func listsAnswerItemsAndNext(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            struct Page: Decodable { let items: [Item]; let next: String? }
            struct Item: Decodable { let id: Int; let name: String? }
            for path in ["/api/v1/councils?unit=\(hbt.unitID)", "/api/v1/terms?council=\(hbt.id!)", "/api/v1/bodies?council=\(hbt.id!)",
                         "/api/v1/constituencies", "/api/v1/people?unit=\(hbt.unitID)", "/api/v1/memberships", "/api/v1/organizations",
                         "/api/v1/councils/\(hbt.id!)"] {
                let res = try await app.testing().sendRequest(.GET, path)
                #expect(res.status == .ok, "\(path)")
            }
            let res = try await app.testing().sendRequest(.GET, "/api/v1/bodies?council=\(hbt.id!)&limit=2")
            let page = try res.content.decode(Page.self)
            #expect(page.items.count == 2 && page.next != nil)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/bodies?council=abc").status == .unprocessableEntity)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/bodies?limit=100000").status == .unprocessableEntity)
        }
    }

    /// The document and the routes stay in step: no route left out, none described that does not exist.
    @Test func openAPIMatchesTheRoutes() async throws {
        try await withTestApp(.sqlite, demo: false) { app in
            let res = try await app.testing().sendRequest(.GET, "/api/openapi.json")
            #expect(res.status == .ok)
            let doc = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as! [String: Any]
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = doc["paths"] as! [String: [String: Any]]
            var documented = Set<String>()
            for (path, ops) in paths { for method in ops.keys { documented.insert("\(method.uppercased()) \(path)") } }
            var registered = Set<String>()
            for route in app.routes.all where route.userInfo[ApiController.notAllowedKey] == nil {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                if path.hasPrefix("/api/v1/") { registered.insert("\(route.method.rawValue) \(path)") }
            }
            #expect(!registered.isEmpty)
            #expect(registered.subtracting(documented).isEmpty, "routes missing from the document: \(registered.subtracting(documented))")
            #expect(documented.subtracting(registered).isEmpty, "documented routes that do not exist: \(documented.subtracting(registered))")
            // A method a documented path does not have: 405 with the methods it has.
            let notAllowed = try await app.testing().sendRequest(.DELETE, "/api/v1/units")
            #expect(notAllowed.status == .methodNotAllowed && notAllowed.headers.first(name: .allow) == "GET")
            #expect(notAllowed.headers.contentType?.subType == "problem+json")
            // Parameters are typed, enums listed.
            let text = res.body.string.filter { !$0.isWhitespace }
            #expect(text.contains(#""format":"date""#) && text.contains(#""enum":["complaint","denunciation","petition","feedback"]"#))
            #expect(text.contains(#""maximum":500"#))
        }
    }
}
