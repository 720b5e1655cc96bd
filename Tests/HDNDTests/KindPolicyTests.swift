import Fluent
@testable import HDND
import Testing
import VaporTesting

/// The council-work kinds through the one policy, as a matrix of who × kind × (read the page, open the edit form) on a
/// ward's live records: public kinds are read by all and written by the ward's office only; internal ones are read by
/// the ward's own people and by the agency they are addressed to, and by nobody else.
@Suite struct KindPolicyTests {
    enum Who: String, CaseIterable, Sendable { case citizen, office, standing, delegate, agency, otherOffice }

    @Test(arguments: TestDB.all) func everyRoleOnEveryCouncilWorkKind(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            // A hearing the standing committee decided to hold behind closed doors.
            let closed = ExplanationHearing()
            closed.councilID = hbt.id!; closed.unitID = hbt.unitID; closed.topic = "Giải trình về công tác cán bộ"; closed.respondents = "Chủ tịch UBND phường"
            closed.heldOn = "2026-12-20"; closed.isPublic = false; closed.folded = ""; closed.version = 1
            try await closed.create(on: app.db)
            func first<R: FormEditable>(_ type: R.Type, _ council: KeyPath<R, Int>) async throws -> Int {
                try #require(try await R.query(on: app.db).sort(\._$id).all().first { $0[keyPath: council] == hbt.id! }?.id)
            }
            let hearing = try #require(try await ExplanationHearing.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$isPublic == true).first()?.id)
            // (kind, id, public, addressed to the ward's People's Committee)
            let records: [(RecordKind, Int, Bool, Bool)] = [
                (.oversight, try await first(Oversight.self, \.councilID), true, false),
                (.explanationHearing, hearing, true, false),
                (.explanationHearing, closed.id!, false, false),
                (.standingMeeting, try await first(StandingMeeting.self, \.councilID), false, false),
                (.question, try await first(Question.self, \.councilID), false, true),
                (.task, try #require(try await CouncilTask.query(on: app.db).filter(\.$councilID == hbt.id!).filter(\.$organizationID != nil).first()?.id), false, true),
                (.session, try await first(CouncilSession.self, \.councilID), true, false),
            ]
            var visitors: [Who: Visitor] = [.citizen: Visitor(app)]
            for (who, user) in [(Who.office, "vanphong.hbt"), (.standing, "thuongtruc.hbt"), (.delegate, "daibieu.hbt"), (.agency, "coquan.hbt"),
                                (.otherOffice, "vanphong.hoankiem")] {
                visitors[who] = try await Visitor.signedIn(app, user)
            }
            for (kind, id, isPublic, addressed) in records {
                for who in Who.allCases {
                    let mayRead = isPublic || [.office, .standing, .delegate].contains(who) || (who == .agency && addressed)
                    let mayEdit = who == .office
                    var v = visitors[who]!
                    let read = try await v.get(kind.path(id)).status
                    let edit = try await v.get(kind.editPath(id)).status
                    visitors[who] = v
                    #expect((read == .ok) == mayRead, "\(who) reads \(kind) \(id): \(read)")
                    #expect((edit == .ok) == mayEdit, "\(who) edits \(kind) \(id): \(edit)")
                }
            }
        }
    }

    /// A record without a page of its own has an address leading to the page that shows it: a public one for everyone, an
    /// internal one (a citizen's visit) for those who may read it, a citizen sent to sign in first.
    @Test(arguments: TestDB.all) func addressesOfRecordsWithoutAPage(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let visit = try #require(try await ReceptionVisit.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            let path = RecordKind.receptionVisit.path(visit.id!)
            var anonymous = Visitor(app)
            let citizen = try await anonymous.get(path)
            #expect(citizen.status == .seeOther && citizen.headers.first(name: .location)?.hasPrefix("/dang-nhap?next=") == true)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let shown = try await office.get(path)
            let shownAt = try await visit.viewPath(on: app.db)
            #expect(shown.status == .seeOther && shown.headers.first(name: .location) == shownAt)
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get(path).status == .forbidden)
            #expect(try await anonymous.get(RecordKind.training.path(987_654)).status == .notFound)
        }
    }

    /// The same kinds through the API: listed one council at a time for its own people, each record read as its page is.
    @Test(arguments: TestDB.all) func theApiKeepsTheSamePolicy(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let question = try #require(try await Question.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            let meeting = try #require(try await StandingMeeting.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            var citizen = Visitor(app)
            #expect(try await citizen.get("/api/v1/questions?council=\(hbt.id!)").status == .unauthorized)
            #expect(try await citizen.get("/api/v1/questions/\(question.id!)").status == .unauthorized)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let res = try await office.get("/api/v1/questions")
            #expect(res.status == .unprocessableEntity && res.body.string.contains("council"))
            let list = try await office.get("/api/v1/questions?council=\(hbt.id!)").body.string
            #expect(list.contains(question.content) && list.contains("\"venue\""))
            #expect(try await office.get("/api/v1/tasks?council=\(hbt.id!)&basis=commitment").body.string.contains("\"basis\":\"commitment\""))
            // A task the city gave the ward is read by the ward's office, as its page is.
            let fromCity = try #require(try await CouncilTask.query(on: app.db).filter(\.$assigneeCouncilID == hbt.id!).first())
            #expect(try await office.get("/api/v1/tasks/\(fromCity.id!)").status == .ok)
            #expect(try await office.get("/nhiem-vu/\(fromCity.id!)").status == .ok)
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            #expect(try await agency.get("/api/v1/questions/\(question.id!)").status == .ok, "addressed to it")
            #expect(try await agency.get("/api/v1/standing-meetings/\(meeting.id!)").status == .forbidden)
            #expect(try await agency.get("/api/v1/standing-meetings?council=\(hbt.id!)").status == .forbidden)
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/api/v1/explanation-hearings?council=\(hbt.id!)").status == .forbidden)
            let document = try await citizen.get("/api/openapi.json").body.string
            #expect(document.contains("\"/api/v1/explanation-hearings\"") && document.contains("\"commitment\""))
        }
    }
}
