@testable import HDND
import FluentKit
import FluentSQL
import Foundation
import PostgresKit
import SQLiteKit
import SQLKit
import Testing

/// What makes a model read cheap keeps it the same read. Each model names its fields in a list (`ListedFields`) so that
/// Fluent does not find them by reflection on every read: a list that leaves out a field, or names them in another order,
/// is found here. Model reads are written without SQLKit's escaping of identifiers (`ModelReadDialect`): the same text.
@Suite struct ModelReadTests {
    static var models: [any ListedFields.Type] {
        [EvaluationCriterion.self, AdministrativeUnit.self, UnitCouncilPeriod.self, UnitSuccession.self, Handover.self,
         Council.self, Term.self, Body.self, Constituency.self, Person.self, Membership.self, Organization.self, Document.self,
         PeriodReport.self, HolidayDecision.self, HDND.Notification.self, Resolution.self, WorkProgram.self, WorkItem.self,
         Target.self, SupervisionProgram.self, SupervisionProposal.self, Oversight.self, Recommendation.self, SearchEntry.self,
         VoterMeeting.self, VoterPetition.self, PetitionEvent.self, CoordinationProgram.self, CoordinationItem.self,
         DialogueConference.self, DialogueOpinion.self, Training.self, User.self, UserGrant.self, ApiToken.self,
         ReceptionSchedule.self, ReceptionAssignment.self, ReceptionVisit.self, StandingMeeting.self, BriefingConference.self,
         CouncilSession.self, AgendaItem.self, CouncilTask.self, AuditEntry.self, ExplanationHearing.self, Question.self,
         Letter.self, LetterSender.self, LetterAccess.self, VisitAccess.self]
    }

    @Test func everyModelListsTheFieldsItDeclares() {
        func mismatch<M: ListedFields>(_: M.Type) -> String? { let model = M(); return ListedFieldsCheck.mismatch(model, model.listedFields) }
        for model in Self.models {
            #expect(mismatch(model) == nil)
        }
    }

    /// Fluent asks through `Fields`, not the concrete type: the list must be what it gets there.
    @Test func fluentReadsTheList() {
        func properties<F: Fields>(_ model: F) -> [any AnyProperty] { model.properties }
        let meeting = VoterMeeting()
        let fields = properties(meeting)
        #expect(fields.count == meeting.listedFields.count && zip(fields, meeting.listedFields).allSatisfy { $0 === $1 })
        #expect(ListedFieldsCheck.wasChecked(VoterMeeting.self))
        // Columns and values go in and out through the list: a model read back has what was written.
        #expect(VoterMeeting.keys.contains("voters_attending") && VoterMeeting.keys.count == meeting.listedFields.count)
    }

    /// A model read, with its filters, sorts, joins and limit, is written as the escaping dialect writes it, on each database.
    @Test(arguments: TestDB.all) func modelReadsAreWrittenAsBefore(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            // Requests read models through the app's own reading databases, on each database.
            #expect(db == .sqlite ? app.db is SQLiteReadingDatabase : app.db is PostgresReadingDatabase)
            struct Plain: SQLConverterDelegate { func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil } }
            let query = Oversight.query(on: app.db).filter(\.$councilID ~~ [1, 2]).filter(\.$fieldworkFrom <= "2026-12-31")
                .group(.or) { $0.filter(\.$bodyID == 3).filter(\.$personID == nil) }
                .join(Council.self, on: \Oversight.$councilID == \Council.$id).sort(\.$fieldworkFrom, .descending).sort(\.$id).range(..<20)
                .fields(for: Oversight.self)
            let statement = SQLQueryConverter(delegate: Plain()).convert(query.query)
            for dialect in [SQLiteDialect() as any SQLDialect, PostgresDialect()] {
                let unescaped = ModelReadDialect(dialect).serialize(statement, for: app.db.sql)
                let escaped = ModelReadDialect.Speaking(base: app.db.sql, dialect: dialect).serialize(statement)
                #expect(unescaped.sql.contains(#""oversights"."fieldwork_from" AS "oversights_fieldwork_from""#))
                #expect(unescaped.sql == escaped.sql && unescaped.binds.count == escaped.binds.count && escaped.binds.count == 4)
            }
            // Read through it: the rows come back as models, with every field.
            let council = try #require(try await Council.query(on: app.db).sort(\.$id).first())
            let again = try #require(try await Council.find(council.id, on: app.db))
            #expect(again.name == council.name && again.unitID == council.unitID && again.createdAt == council.createdAt && again.deletedAt == nil)
            #expect(try await Oversight.query(on: app.db).filter(\.$councilID == -1).count() == 0)
        }
    }

    /// Each request's database carries the request's own logger; the driver's database under it is its event loop's,
    /// made once with the app's (`ReadingConfiguration.Driver`), and one asked with a page size limit is its own.
    @Test(arguments: TestDB.all) func theDriversDatabaseIsKeptPerLoop(_ db: TestDB) async throws {
        try await withTestApp(db, demo: false) { app in
            let loop = app.eventLoopGroup.next()
            func database(_ id: String, pageSizeLimit: Int? = nil) throws -> any ReadingDatabase {
                var logger = app.logger
                logger[metadataKey: "request-id"] = .string(id)
                return try #require(app.databases.database(logger: logger, on: loop, pageSizeLimit: pageSizeLimit) as? any ReadingDatabase)
            }
            let first = try database("a"), second = try database("b"), own = try database("c", pageSizeLimit: 10)
            #expect(first.logger[metadataKey: "request-id"] == "a" && second.logger[metadataKey: "request-id"] == "b")
            #expect(first.driver.context.logger[metadataKey: "request-id"] == nil && second.driver.context.logger[metadataKey: "request-id"] == nil)
            #expect(own.driver.context.logger[metadataKey: "request-id"] == "c" && own.context.pageSizeLimit == 10)
            #expect(first.eventLoop === loop && first.driver.eventLoop === loop)
            #expect(try await Council.query(on: second).count() == Council.query(on: app.db).count(), "read through the kept one")
        }
    }

    /// A list that misses a field is refused, and the message names the fields as declared.
    @Test func aShortListIsFound() {
        final class Short: Model, ListedFields, @unchecked Sendable {
            static let schema = "short"
            @ID(custom: .id) var id: Int?
            @Field(key: "name") var name: String
            @OptionalField(key: "note") var note: String?
            init() {}
            var listedFields: [any AnyProperty] { [_id, _name] }
            var reordered: [any AnyProperty] { [_id, _note, _name] }
            var full: [any AnyProperty] { [_id, _name, _note] }
        }
        let short = Short()
        let problem = ListedFieldsCheck.mismatch(short, short.listedFields)
        #expect(problem?.contains("_id, _name, _note") == true)
        #expect(ListedFieldsCheck.mismatch(short, short.reordered) != nil)
        #expect(ListedFieldsCheck.mismatch(short, short.full) == nil)
    }
}
