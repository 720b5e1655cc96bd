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

    public var deadlines: [LetterDeadline] {
        LetterRules.deadlines(kind: kind, receivedOn: receivedOn, acceptedOn: acceptedOn, decision: decision, round: round,
                              conditions: conditions, extensions: extensions)
    }
}

extension Letter {
    public var facts: LetterFacts {
        LetterFacts(kind: kind, receivedOn: Day(stored: receivedOn), acceptedOn: acceptedOn.flatMap { Day($0) }, decision: decision, round: round,
                    conditions: .init(complex: complex, remoteArea: remoteArea, severalPlaces: severalPlaces,
                                      delegatedVerification: delegatedVerification), extensions: extensions)
    }
}

public enum LetterRules {
    public static func deadlines(kind: LetterKind, receivedOn: Day, acceptedOn: Day?, decision: LetterDecision?, round: Int,
                                 conditions: CaseConditions, extensions: Int, calendar: HolidayCalendar = .init()) -> [LetterDeadline] {
        func make(_ step: DeadlineStep, from start: Day, met: Bool) -> LetterDeadline? {
            guard let rule = DeadlineRules.rule(step, on: start),
                  let due = DeadlineRules.deadline(step, from: start, conditions: conditions, calendar: calendar) else { return nil }
            return LetterDeadline(step: step, label: rule.label, due: due, legalBasis: rule.legalBasis, provisional: !rule.verified, met: met)
        }
        var list: [LetterDeadline] = []
        switch kind {
        case .complaint:
            if let d = make(.complaintAcceptance, from: receivedOn, met: acceptedOn != nil || decision != nil) { list.append(d) }
            if let acceptedOn, let d = make(round >= 2 ? .complaintSecondResolution : .complaintFirstResolution, from: acceptedOn, met: false) {
                list.append(d)
            }
        case .denunciation:
            if let d = make(.denunciationClassification, from: receivedOn, met: decision != nil) { list.append(d) }
            if decision == .forward, let d = make(.denunciationForwarding, from: receivedOn, met: false) { list.append(d) }
            if let acceptedOn, let rule = DeadlineRules.rule(.denunciationResolution, on: acceptedOn),
               let due = DeadlineRules.denunciationResolution(acceptedOn: acceptedOn, extensions: min(extensions, 2), calendar: calendar) {
                list.append(LetterDeadline(step: .denunciationResolution,
                                           label: rule.label + (extensions > 0 ? " (gia hạn \(VietnameseFormat.count(extensions)) lần)" : ""),
                                           due: due, legalBasis: rule.legalBasis, provisional: !rule.verified, met: false))
            }
        case .petition, .feedback:
            break
        }
        return list
    }

    /// The earliest deadline not yet met, if the case is still open.
    public static func next(_ deadlines: [LetterDeadline], outcome: LetterOutcome) -> LetterDeadline? {
        guard outcome == .pending else { return nil }
        return deadlines.filter { !$0.met }.min { $0.due < $1.due }
    }

    /// A denunciation may be extended once when complex and twice when especially complex (Law on Denunciations 2018, art. 30).
    public static let maxDenunciationExtensions = 2
}
