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
    /// The day it was done, when the register records it: done after `due` is done late.
    public var doneOn: Day? = nil

    public var late: Bool { doneOn.map { $0 > due } ?? false }

    /// Past due, not done, and still running (the case open, or a step that follows its closing).
    public func isOverdue(outcome: LetterOutcome, today: Day) -> Bool { !met && (outcome == .pending || step.followsClosing) && due < today }
}

/// The days a letter's later steps happened: each meets one time limit (docs/legal-deadlines.md).
public struct LetterEvents: Sendable, Equatable {
    /// Sent to the competent body (the council as forwarder).
    public var forwardedOn: Day?
    /// The sender told that a denunciation was accepted, or why it was not.
    public var noticeSentOn: Day?
    /// The suspension decision sent, the resume decision sent, the closing decision (resolution or cessation) sent.
    public var suspensionSentOn: Day?
    public var resumptionSentOn: Day?
    public var decisionSentOn: Day?
    /// A complaint's dialogue, and the day the parties were told of it.
    public var dialogueOn: Day?
    public var dialogueNotifiedOn: Day?
    /// A forwarded case: the day the body it went to resolved it (if known), the day its result reached the council,
    /// and the day the council told the citizen.
    public var resultResolvedOn: Day?
    public var resultReceivedOn: Day?
    public var citizenNotifiedOn: Day?

    public init(forwardedOn: Day? = nil, noticeSentOn: Day? = nil, suspensionSentOn: Day? = nil, resumptionSentOn: Day? = nil,
                decisionSentOn: Day? = nil, dialogueOn: Day? = nil, dialogueNotifiedOn: Day? = nil, resultResolvedOn: Day? = nil,
                resultReceivedOn: Day? = nil, citizenNotifiedOn: Day? = nil) {
        self.forwardedOn = forwardedOn; self.noticeSentOn = noticeSentOn; self.suspensionSentOn = suspensionSentOn
        self.resumptionSentOn = resumptionSentOn; self.decisionSentOn = decisionSentOn; self.dialogueOn = dialogueOn
        self.dialogueNotifiedOn = dialogueNotifiedOn; self.resultResolvedOn = resultResolvedOn
        self.resultReceivedOn = resultReceivedOn; self.citizenNotifiedOn = citizenNotifiedOn
    }

    /// From the stored ISO texts, as the letter and its list rows keep them.
    init(forwarded: String?, noticeSent: String?, suspensionSent: String?, resumptionSent: String?, decisionSent: String?,
         dialogue: String?, dialogueNotified: String?, resultResolved: String?, resultReceived: String?, citizenNotified: String?) {
        func d(_ s: String?) -> Day? { s.flatMap { Day($0) } }
        self.init(forwardedOn: d(forwarded), noticeSentOn: d(noticeSent), suspensionSentOn: d(suspensionSent),
                  resumptionSentOn: d(resumptionSent), decisionSentOn: d(decisionSent), dialogueOn: d(dialogue),
                  dialogueNotifiedOn: d(dialogueNotified), resultResolvedOn: d(resultResolved), resultReceivedOn: d(resultReceived),
                  citizenNotifiedOn: d(citizenNotified))
    }
}

/// What a letter's deadlines depend on, from a letter or a list row alike.
public struct LetterFacts: Sendable {
    public var kind: LetterKind
    public var channel: LetterChannel = .post
    public var receivedOn: Day
    public var eligible: Bool? = nil
    public var acceptedOn: Day? = nil
    public var decision: LetterDecision? = nil
    public var round: Int = 1
    public var conditions: CaseConditions = .init()
    public var extensions: Int = 0
    public var suspension: LetterRules.Suspension? = nil
    public var outcome: LetterOutcome = .pending
    public var closedOn: Day? = nil
    public var events: LetterEvents = .init()

    public init(kind: LetterKind, channel: LetterChannel = .post, receivedOn: Day, eligible: Bool? = nil, acceptedOn: Day? = nil,
                decision: LetterDecision? = nil, round: Int = 1, conditions: CaseConditions = .init(), extensions: Int = 0,
                suspension: LetterRules.Suspension? = nil, outcome: LetterOutcome = .pending, closedOn: Day? = nil, events: LetterEvents = .init()) {
        self.kind = kind; self.channel = channel; self.receivedOn = receivedOn; self.eligible = eligible; self.acceptedOn = acceptedOn
        self.decision = decision; self.round = round; self.conditions = conditions; self.extensions = extensions
        self.suspension = suspension; self.outcome = outcome; self.closedOn = closedOn; self.events = events
    }

    public func deadlines(_ calendar: HolidayCalendar) -> [LetterDeadline] { LetterRules.deadlines(self, calendar: calendar) }
}

extension Letter {
    /// "Đơn nhận sau …": the flag of a complaint received after the complainant's time limit, as pages and the API say it.
    public func lateComplaintNotice(_ calendar: HolidayCalendar) -> String? {
        guard let late = LetterRules.lateComplaint(kind: kind, round: round, receivedOn: Day(stored: receivedOn),
                                                   complainedDecisionOn: complainedDecisionOn.flatMap { Day($0) }, remoteArea: remoteArea,
                                                   calendar: calendar)
        else { return nil }
        return "Đơn nhận sau ngày \(VietnameseFormat.date(late.lastDay.description)), quá \(late.rule.label.lowercased()) "
            + "(\(late.rule.legalBasis)). Không từ chối vì lý do này khi chưa xem xét trở ngại khách quan của người khiếu nại."
    }

    public var facts: LetterFacts {
        LetterFacts(kind: kind, channel: channel, receivedOn: Day(stored: receivedOn), eligible: eligible, acceptedOn: acceptedOn.flatMap { Day($0) },
                    decision: decision, round: round,
                    conditions: .init(complex: complex, remoteArea: remoteArea, severalPlaces: severalPlaces,
                                      delegatedVerification: delegatedVerification), extensions: extensions,
                    suspension: LetterRules.Suspension(from: suspendedOn, until: resumedOn), outcome: outcome,
                    closedOn: closedOn.flatMap { Day($0) },
                    events: LetterEvents(forwarded: forwardedOn, noticeSent: noticeSentOn, suspensionSent: suspensionSentOn,
                                         resumptionSent: resumptionSentOn, decisionSent: decisionSentOn, dialogue: dialogueOn,
                                         dialogueNotified: dialogueNotifiedOn, resultResolved: resultResolvedOn,
                                         resultReceived: resultReceivedOn, citizenNotified: citizenNotifiedOn))
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

    public static func deadlines(_ f: LetterFacts, calendar: HolidayCalendar) -> [LetterDeadline] {
        /// The step's deadline from `start`; done on `done` (if recorded), or `met` by a step with no date of its own.
        func make(_ step: DeadlineStep, from start: Day, met: Bool = false, done: Day? = nil, uncounted: Int = 0) -> LetterDeadline? {
            guard let rule = DeadlineRules.rule(step, on: start),
                  let due = DeadlineRules.deadline(step, from: start, conditions: f.conditions, uncounted: uncounted, calendar: calendar)
            else { return nil }
            return LetterDeadline(step: step, label: rule.label + pause(uncounted), due: due, legalBasis: rule.legalBasis,
                                  provisional: !rule.verified, met: met || done != nil, doneOn: done)
        }
        func pause(_ days: Int) -> String { days > 0 ? " (không tính \(VietnameseFormat.count(days)) ngày tạm đình chỉ)" : "" }
        let e = f.events
        // While suspended the resolution has no due date; once resumed its period is longer by the suspended days.
        let stopped = f.suspension != nil && f.suspension?.until == nil
        let uncounted = f.suspension?.uncounted ?? 0
        var list: [LetterDeadline?] = []
        switch f.kind {
        case .complaint:
            list.append(make(.complaintAcceptance, from: f.receivedOn, met: f.decision != nil, done: f.acceptedOn))
            if let acceptedOn = f.acceptedOn, !stopped {
                list.append(make(f.round >= 2 ? .complaintSecondResolution : .complaintFirstResolution, from: acceptedOn,
                                 met: f.outcome != .pending, done: f.closedOn, uncounted: uncounted))
            }
            // Decisions to send (the suspension and resume rules exist from 01/07/2026 only: `make` finds no rule before).
            if let s = f.suspension {
                list.append(make(.suspensionOrCessationSending, from: s.from, done: e.suspensionSentOn))
                if let resumed = s.until { list.append(make(.resumptionSending, from: resumed, done: e.resumptionSentOn)) }
            }
            // The dialogue: the parties told at least 05 days before it (from 01/07/2026).
            if let dialogue = e.dialogueOn, let rule = DeadlineRules.rule(.dialogueNotice, on: dialogue),
               let latest = DeadlineRules.latestBefore(.dialogueNotice, dialogue, calendar: calendar) {
                list.append(LetterDeadline(step: .dialogueNotice, label: rule.label, due: latest, legalBasis: rule.legalBasis,
                                           provisional: !rule.verified, met: e.dialogueNotifiedOn != nil, doneOn: e.dialogueNotifiedOn))
            }
            if let closed = f.closedOn {
                switch f.outcome {
                case .resolved:
                    list.append(make(f.round >= 2 ? .complaintSecondDecisionSending : .complaintFirstDecisionSending, from: closed,
                                     done: e.decisionSentOn))
                case .withdrawn: list.append(make(.suspensionOrCessationSending, from: closed, done: e.decisionSentOn))
                case .pending: break
                }
            }
        case .denunciation:
            let classification = make(.denunciationClassification, from: f.receivedOn, met: f.decision != nil || f.eligible != nil,
                                      done: f.acceptedOn ?? e.forwardedOn)
            list.append(classification)
            if f.decision == .forward { list.append(make(.denunciationForwarding, from: f.receivedOn, done: e.forwardedOn)) }
            if let acceptedOn = f.acceptedOn {
                list.append(make(.denunciationAcceptanceNotice, from: acceptedOn, done: e.noticeSentOn))
            } else if f.eligible == false, f.decision != .forward, let classification {
                // Not accepted: the denouncer is told why at once, so at the latest when the classification ends.
                list.append(make(.denunciationRefusalNotice, from: classification.due, done: e.noticeSentOn))
            }
            if let acceptedOn = f.acceptedOn, !stopped, let rule = DeadlineRules.rule(.denunciationResolution, on: acceptedOn),
               let due = DeadlineRules.denunciationResolution(acceptedOn: acceptedOn, extensions: min(f.extensions, 2), uncounted: uncounted,
                                                              calendar: calendar) {
                list.append(LetterDeadline(step: .denunciationResolution,
                                           label: rule.label + (f.extensions > 0 ? " (gia hạn \(VietnameseFormat.count(f.extensions)) lần)" : "")
                                               + pause(uncounted),
                                           due: due, legalBasis: rule.legalBasis, provisional: !rule.verified, met: f.outcome != .pending,
                                           doneOn: f.closedOn))
            }
        case .petition, .feedback:
            break
        }
        // The council as forwarder: the result it is owed, then the news it owes the citizen.
        if f.decision == .forward, let forwarded = e.forwardedOn {
            if f.kind == .denunciation {
                list.append(make(.forwardedDenunciationResult, from: forwarded, done: e.resultReceivedOn))
            }
            if f.channel == .reception {
                if let resolved = e.resultResolvedOn { list.append(make(.forwardedCaseResult, from: resolved, done: e.resultReceivedOn)) }
                if let received = e.resultReceivedOn {
                    list.append(make(.forwarderCitizenNotice, from: received, done: e.citizenNotifiedOn))
                }
            }
        }
        return list.compactMap { $0 }
    }

    /// A complaint received after the complainant's own time limit (the limitation period in round 1, the window for
    /// a second complaint in round 2): the last day and the rule, so the page can flag it. Not a refusal: time lost to
    /// illness, disaster or other obstacles does not count (art. 9), which only the office can judge.
    public static func lateComplaint(kind: LetterKind, round: Int, receivedOn: Day, complainedDecisionOn: Day?, remoteArea: Bool,
                                     calendar: HolidayCalendar) -> (lastDay: Day, rule: DeadlineRule)? {
        guard kind == .complaint, let start = complainedDecisionOn else { return nil }
        let step: DeadlineStep = round >= 2 ? .secondComplaintWindow : .complaintLimitation
        guard let rule = DeadlineRules.rule(step, on: start),
              let last = DeadlineRules.deadline(step, from: start, conditions: .init(remoteArea: remoteArea), calendar: calendar),
              receivedOn > last else { return nil }
        return (last, rule)
    }

    /// The earliest deadline not yet met that still runs: while the case is open, any; once closed, sending the decision
    /// and a forwarded case's result.
    public static func next(_ deadlines: [LetterDeadline], outcome: LetterOutcome) -> LetterDeadline? {
        deadlines.filter { !$0.met && (outcome == .pending || $0.step.followsClosing) }.min { $0.due < $1.due }
    }

    /// A denunciation may be extended once when complex and twice when especially complex (Law on Denunciations 2018, art. 30).
    public static let maxDenunciationExtensions = 2
}
