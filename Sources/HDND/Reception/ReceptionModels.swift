import Fluent
import Foundation

/// Lịch tiếp công dân: recurring reception days of a council (e.g. the 10th and 20th of every month).
public final class ReceptionSchedule: Model, ListedFields, @unchecked Sendable {
    public static let schema = "reception_schedules"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "name") public var name: String
    /// Days of the month, "10,20".
    @Field(key: "days_of_month") public var daysOfMonth: String
    @Field(key: "place") public var place: String
    @Field(key: "start_time") public var startTime: String
    @Field(key: "end_time") public var endTime: String
    @OptionalField(key: "valid_from") public var validFrom: String?
    @OptionalField(key: "valid_to") public var validTo: String?
    /// Received online (Law 136/2025; Decree 154/2026): announced publicly at least 05 working days before.
    @Field(key: "online") public var online: Bool
    @OptionalField(key: "announced_on") public var announcedOn: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _name, _daysOfMonth, _place, _startTime, _endTime, _validFrom, _validTo, _online, _announcedOn, _folded,
         _version, _createdAt, _updatedAt, _deletedAt]
    }

    public var days: [Int] { Self.days(daysOfMonth) }
    /// The days of the month a schedule's "days_of_month" lists ("5, 20").
    static func days(_ daysOfMonth: String) -> [Int] { daysOfMonth.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.sorted() }

    /// Its reception days between `from` and `to`: none before its first day or after its last (`ReceptionCalendar`).
    func receptionDays(from: Day, to: Day, calendar: HolidayCalendar) -> [Day] {
        ReceptionCalendar.occurrences(days: days, from: from, to: to, validFrom: validFrom.flatMap { Day($0) }, validTo: validTo.flatMap { Day($0) },
                                      calendar: calendar)
    }
}

/// A delegate assigned to receive citizens on one day of a schedule.
public final class ReceptionAssignment: Model, ListedFields, @unchecked Sendable {
    public static let schema = "reception_assignments"
    @ID(custom: .id) public var id: Int?
    @Field(key: "schedule_id") public var scheduleID: Int
    @Field(key: "date") public var date: String
    @Field(key: "person_id") public var personID: Int
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _scheduleID, _date, _personID] }
}

public enum VisitHandling: String, Codable, CaseIterable, Sendable {
    case guided, letterReceived, forwarded, answeredOnSpot
    /// Refused on one of the grounds of Law on Citizen Reception 2013, art. 9 (a written notice is owed: `ReceptionRules`).
    case refused
    public var label: String {
        switch self {
        case .guided: "Hướng dẫn, giải thích"
        case .letterReceived: "Tiếp nhận đơn"
        case .forwarded: "Chuyển cơ quan có thẩm quyền"
        case .answeredOnSpot: "Trả lời trực tiếp"
        case .refused: "Từ chối tiếp"
        }
    }
}

/// One visit at a reception: who came (with consent and confidentiality noted), about what, how it was handled.
public final class ReceptionVisit: Model, ListedFields, @unchecked Sendable {
    public static let schema = "reception_visits"
    @ID(custom: .id) public var id: Int?
    @Field(key: "council_id") public var councilID: Int
    @Field(key: "unit_id") public var unitID: Int
    @OptionalField(key: "schedule_id") public var scheduleID: Int?
    @Field(key: "date") public var date: String
    @OptionalField(key: "delegate_id") public var delegateID: Int?
    @OptionalField(key: "visitor_name") public var visitorName: String?
    /// The visitor agreed that their details be recorded.
    @Field(key: "consent") public var consent: Bool
    /// The visitor's identity is shown only to the council's office.
    @Field(key: "confidential") public var confidential: Bool
    /// Citizens counted ("lượt công dân"): a group counts each person.
    @Field(key: "visitors") public var visitors: Int
    @Field(key: "kind") public var kind: LetterKind
    @Field(key: "topic") public var topic: String
    @Field(key: "handling") public var handling: VisitHandling
    @OptionalField(key: "letter_id") public var letterID: Int?
    @OptionalField(key: "petition_id") public var petitionID: Int?
    /// The day the citizen was told the outcome of the matter (see `ReceptionRules`).
    @OptionalField(key: "notified_on") public var notifiedOn: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    /// Set by `apply` when this edit makes the visit confidential.
    let becameConfidential = Pending<Bool>(false)
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _councilID, _unitID, _scheduleID, _date, _delegateID, _visitorName, _consent, _confidential, _visitors, _kind, _topic,
         _handling, _letterID, _petitionID, _notifiedOn, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }
}

/// When a schedule's reception days fall: each listed day of each month, moved to the next
/// working day when it falls on a weekend or holiday.
public enum ReceptionCalendar {
    public static func occurrences(days: [Int], from: Day, to: Day, validFrom: Day? = nil, validTo: Day? = nil,
                                   calendar: HolidayCalendar) -> [Day] {
        var result: [Day] = []
        var year = from.year, month = from.month
        while (year, month) <= (to.year, to.month) {
            for d in days where d <= Day.daysIn(month: month, year: year) {
                var day = Day(clampingYear: year, month: month, day: d)
                while !calendar.isWorkingDay(day) && day < Day.last { day = day.adding(days: 1) }
                if day >= from && day <= to && (validFrom.map { day >= $0 } ?? true) && (validTo.map { day <= $0 } ?? true) {
                    result.append(day)
                }
            }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return Array(Set(result)).sorted()
    }
}
