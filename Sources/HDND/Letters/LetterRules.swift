/// Which legal deadlines run for a letter, computed from `DeadlineRules` and the holiday calendar.
public struct LetterDeadline: Equatable, Sendable {
    public let step: DeadlineStep
    public let label: String
    public let due: Day
    public let legalBasis: String
    /// The rule's figure has not been checked against its legal text yet.
    public let provisional: Bool
    /// Done when the step it measures has happened.
    public let met: Bool

    /// Past due, not done, and the case still open.
    public func isOverdue(outcome: LetterOutcome, today: Day) -> Bool { !met && outcome == .pending && due < today }
}

/// What a letter's deadlines depend on, from a letter or a list row alike.
public struct LetterFacts: Sendable {
    public let kind: LetterKind
    public let receivedOn: Day
    public let acceptedOn: Day?
    public let decision: LetterDecision?
    public let round: Int
    public let conditions: CaseConditions
    public let extensions: Int
    public let suspension: LetterRules.Suspension?

    public var deadlines: [LetterDeadline] {
        LetterRules.deadlines(kind: kind, receivedOn: receivedOn, acceptedOn: acceptedOn, decision: decision, round: round,
                              conditions: conditions, extensions: extensions, suspension: suspension)
    }
}

extension Letter {
    /// "Đơn nhận sau …": the flag of a complaint received after the complainant's time limit, as pages and the API say it.
    public var lateComplaintNotice: String? {
        guard let late = LetterRules.lateComplaint(kind: kind, round: round, receivedOn: Day(stored: receivedOn),
                                                   complainedDecisionOn: complainedDecisionOn.flatMap { Day($0) }, remoteArea: remoteArea)
        else { return nil }
        return "Đơn nhận sau ngày \(VietnameseFormat.date(late.lastDay.description)), quá \(late.rule.label.lowercased()) "
            + "(\(late.rule.legalBasis)). Không từ chối vì lý do này khi chưa xem xét trở ngại khách quan của người khiếu nại."
    }

    public var facts: LetterFacts {
        LetterFacts(kind: kind, receivedOn: Day(stored: receivedOn), acceptedOn: acceptedOn.flatMap { Day($0) }, decision: decision, round: round,
                    conditions: .init(complex: complex, remoteArea: remoteArea, severalPlaces: severalPlaces,
                                      delegatedVerification: delegatedVerification), extensions: extensions,
                    suspension: LetterRules.Suspension(from: suspendedOn, until: resumedOn))
    }
}

public enum LetterRules {
    /// A resolution suspended from `from` and resumed on `until` (nil: still suspended, the clock stopped). The days
    /// between do not count (Law on Denunciations 2018, art. 34.2; for complaints the period goes on from the resume
    /// decision, Decree 124/2020 art. 28b.2 added by Decree 155/2026).
    public struct Suspension: Sendable, Equatable {
        public let from: Day
        public let until: Day?
        public init(from: Day, until: Day?) { self.from = from; self.until = until }
        init?(from: String?, until: String?) {
            guard let from = from.flatMap({ Day($0) }) else { return nil }
            self.init(from: from, until: until.flatMap { Day($0) })
        }
        /// Days that do not count, once resumed.
        public var uncounted: Int? { until.map { max(0, $0 - from) } }
    }

    public static func deadlines(kind: LetterKind, receivedOn: Day, acceptedOn: Day?, decision: LetterDecision?, round: Int,
                                 conditions: CaseConditions, extensions: Int, suspension: Suspension? = nil,
                                 calendar: HolidayCalendar = .init()) -> [LetterDeadline] {
        func make(_ step: DeadlineStep, from start: Day, met: Bool, uncounted: Int = 0) -> LetterDeadline? {
            guard let rule = DeadlineRules.rule(step, on: start),
                  let due = DeadlineRules.deadline(step, from: start, conditions: conditions, uncounted: uncounted, calendar: calendar)
            else { return nil }
            return LetterDeadline(step: step, label: rule.label + pause(uncounted), due: due, legalBasis: rule.legalBasis,
                                  provisional: !rule.verified, met: met)
        }
        func pause(_ days: Int) -> String { days > 0 ? " (không tính \(VietnameseFormat.count(days)) ngày tạm đình chỉ)" : "" }
        // While suspended the resolution has no due date; once resumed its period is longer by the suspended days.
        let stopped = suspension != nil && suspension?.until == nil
        let uncounted = suspension?.uncounted ?? 0
        var list: [LetterDeadline] = []
        switch kind {
        case .complaint:
            if let d = make(.complaintAcceptance, from: receivedOn, met: acceptedOn != nil || decision != nil) { list.append(d) }
            if let acceptedOn, !stopped,
               let d = make(round >= 2 ? .complaintSecondResolution : .complaintFirstResolution, from: acceptedOn, met: false, uncounted: uncounted) {
                list.append(d)
            }
        case .denunciation:
            if let d = make(.denunciationClassification, from: receivedOn, met: decision != nil) { list.append(d) }
            if decision == .forward, let d = make(.denunciationForwarding, from: receivedOn, met: false) { list.append(d) }
            if let acceptedOn, !stopped, let rule = DeadlineRules.rule(.denunciationResolution, on: acceptedOn),
               let due = DeadlineRules.denunciationResolution(acceptedOn: acceptedOn, extensions: min(extensions, 2), uncounted: uncounted,
                                                              calendar: calendar) {
                list.append(LetterDeadline(step: .denunciationResolution,
                                           label: rule.label + (extensions > 0 ? " (gia hạn \(VietnameseFormat.count(extensions)) lần)" : "")
                                               + pause(uncounted),
                                           due: due, legalBasis: rule.legalBasis, provisional: !rule.verified, met: false))
            }
        case .petition, .feedback:
            break
        }
        return list
    }

    /// A complaint received after the complainant's own time limit (the limitation period in round 1, the window for
    /// a second complaint in round 2): the last day and the rule, so the page can flag it. Not a refusal: time lost to
    /// illness, disaster or other obstacles does not count (art. 9), which only the office can judge.
    public static func lateComplaint(kind: LetterKind, round: Int, receivedOn: Day, complainedDecisionOn: Day?, remoteArea: Bool,
                                     calendar: HolidayCalendar = .init()) -> (lastDay: Day, rule: DeadlineRule)? {
        guard kind == .complaint, let start = complainedDecisionOn else { return nil }
        let step: DeadlineStep = round >= 2 ? .secondComplaintWindow : .complaintLimitation
        guard let rule = DeadlineRules.rule(step, on: start),
              let last = DeadlineRules.deadline(step, from: start, conditions: .init(remoteArea: remoteArea), calendar: calendar),
              receivedOn > last else { return nil }
        return (last, rule)
    }

    /// The earliest deadline not yet met, if the case is still open.
    public static func next(_ deadlines: [LetterDeadline], outcome: LetterOutcome) -> LetterDeadline? {
        guard outcome == .pending else { return nil }
        return deadlines.filter { !$0.met }.min { $0.due < $1.due }
    }

    /// A denunciation may be extended once when complex and twice when especially complex (Law on Denunciations 2018, art. 30).
    public static let maxDenunciationExtensions = 2
}
