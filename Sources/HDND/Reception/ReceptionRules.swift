/// What the law asks after a reception. A matter taken for processing (a letter received, a case forwarded) must be
/// answered: the citizen is told the outcome within 10 working days (Law on Citizen Reception 2013, art. 28.1, the
/// rule `receptionNotice`). Guidance and answers given on the spot close the matter at the reception itself.
public enum ReceptionRules {
    public static func needsNotice(_ handling: VisitHandling) -> Bool { handling == .letterReceived || handling == .forwarded }

    /// The notice deadline of a visit on `date`, met once the citizen was notified; nil when nothing is owed.
    public static func noticeDeadline(date: Day, handling: VisitHandling, notifiedOn: Day?, calendar: HolidayCalendar = .init()) -> LetterDeadline? {
        guard needsNotice(handling), let rule = DeadlineRules.rule(.receptionNotice, on: date),
              let due = DeadlineRules.deadline(.receptionNotice, from: date, calendar: calendar) else { return nil }
        return LetterDeadline(step: .receptionNotice, label: rule.label, due: due, legalBasis: rule.legalBasis,
                              provisional: !rule.verified, met: notifiedOn != nil)
    }
}
