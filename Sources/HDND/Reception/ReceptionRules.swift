/// What the law asks after a reception. A matter taken for processing (a letter received, a case forwarded) must be
/// answered: the citizen is told the outcome within 10 working days (Law on Citizen Reception 2013, art. 28.1, the
/// rule `receptionNotice`). A citizen refused is told so in writing within 03 working days (Decree 154/2026, art. 4.3,
/// from 01/07/2026). Guidance and answers given on the spot close the matter at the reception itself.
public enum ReceptionRules {
    /// The notice a visit handled this way owes the citizen, if any.
    public static func noticeStep(_ handling: VisitHandling) -> DeadlineStep? {
        switch handling {
        case .letterReceived, .forwarded: .receptionNotice
        case .refused: .receptionRefusalNotice
        case .guided, .answeredOnSpot: nil
        }
    }

    /// The notice deadline of a visit on `date`, met once the citizen was notified; nil when nothing is owed
    /// (or no rule was in force that day).
    public static func noticeDeadline(date: Day, handling: VisitHandling, notifiedOn: Day?, calendar: HolidayCalendar) -> LetterDeadline? {
        guard let step = noticeStep(handling), let rule = DeadlineRules.rule(step, on: date),
              let due = DeadlineRules.deadline(step, from: date, calendar: calendar) else { return nil }
        return LetterDeadline(step: step, label: rule.label, due: due, legalBasis: rule.legalBasis, provisional: !rule.verified,
                              met: notifiedOn != nil, doneOn: notifiedOn)
    }

    /// An online schedule's announcement: the last day it may be made (05 working days before its first reception day),
    /// and whether it was made in time. Nil for a schedule received in person, or before Decree 154/2026.
    public struct Announcement: Sendable {
        public let firstDay: Day
        public let latest: Day
        public let rule: DeadlineRule
        public let announcedOn: Day?
        public var late: Bool { announcedOn.map { $0 > latest } ?? true }
    }

    public static func announcement(online: Bool, days: [Int], validFrom: Day?, validTo: Day?, announcedOn: Day?,
                                    calendar: HolidayCalendar) -> Announcement? {
        guard online, let from = validFrom,
              let first = ReceptionCalendar.occurrences(days: days, from: from, to: validTo ?? from.adding(days: 62), validFrom: validFrom,
                                                        validTo: validTo, calendar: calendar).first,
              let rule = DeadlineRules.rule(.onlineReceptionAnnouncement, on: first),
              let latest = DeadlineRules.latestBefore(.onlineReceptionAnnouncement, first, calendar: calendar) else { return nil }
        return Announcement(firstDay: first, latest: latest, rule: rule, announcedOn: announcedOn)
    }
}
