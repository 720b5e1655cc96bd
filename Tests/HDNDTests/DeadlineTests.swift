@testable import HDND
import Testing

@Suite struct LunarCalendarTests {
    static func day(_ s: String) -> Day { Day(s)! }

    /// Mùng 1 Tết, as published for each year.
    @Test(arguments: [
        (2015, "2015-02-19"), (2016, "2016-02-08"), (2017, "2017-01-28"), (2018, "2018-02-16"), (2019, "2019-02-05"),
        (2020, "2020-01-25"), (2021, "2021-02-12"), (2022, "2022-02-01"), (2023, "2023-01-22"), (2024, "2024-02-10"),
        (2025, "2025-01-29"), (2026, "2026-02-17"), (2027, "2027-02-06"), (2028, "2028-01-26"),
    ])
    func tet(_ year: Int, _ expected: String) {
        #expect(LunarCalendar.tet(year).description == expected)
        #expect(LunarCalendar.lunar(Self.day(expected)) == .init(day: 1, month: 1, year: year, isLeapMonth: false))
    }

    /// Giỗ Tổ Hùng Vương, 10/3 âm lịch.
    @Test(arguments: [(2022, "2022-04-10"), (2023, "2023-04-29"), (2024, "2024-04-18"), (2025, "2025-04-07"), (2026, "2026-04-26")])
    func gioTo(_ year: Int, _ expected: String) {
        #expect(LunarCalendar.solar(day: 10, month: 3, year: year)?.description == expected)
    }

    @Test func roundTripsEveryDayOfTwoYears() {
        var d = Self.day("2025-01-01")
        while d < Self.day("2027-01-01") {
            let l = LunarCalendar.lunar(d)
            #expect(LunarCalendar.solar(day: l.day, month: l.month, year: l.year, leap: l.isLeapMonth) == d, "\(d)")
            d = d.adding(days: 1)
        }
        // 2025 has a leap 6th month (tháng 6 nhuận).
        #expect(LunarCalendar.solar(day: 1, month: 6, year: 2025, leap: true) != nil)
        #expect(LunarCalendar.solar(day: 1, month: 5, year: 2025, leap: true) == nil)
    }

    @Test func dayArithmetic() {
        #expect(Self.day("2026-02-28").adding(days: 1).description == "2026-03-01")
        #expect(Self.day("2024-02-28").adding(days: 1).description == "2024-02-29")
        #expect(Self.day("2026-11-21").weekday == 6)   // a Saturday
        #expect(Self.day("2022-04-26").weekday == 2)   // a Tuesday
        #expect(Self.day("2026-03-01") - Self.day("2026-02-01") == 28)
    }
}

@Suite struct HolidayTests {
    static func day(_ s: String) -> Day { Day(s)! }

    @Test func tet2026IsMondayToFriday() {
        let cal = HolidayCalendar()
        for d in ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"] { #expect(cal.isHoliday(Self.day(d)), "\(d)") }
        #expect(cal.isWorkingDay(Self.day("2026-02-13")))
        #expect(cal.isWorkingDay(Self.day("2026-02-23")))
    }

    @Test func weekendHolidaysAreMadeUp() {
        let cal = HolidayCalendar()
        // Giỗ Tổ 2026 falls on Sunday 26/4: Monday 27/4 is off instead.
        #expect(cal.isHoliday(Self.day("2026-04-27")))
        #expect(!cal.isWorkingDay(Self.day("2026-04-30")) && !cal.isWorkingDay(Self.day("2026-05-01")))
        // National Day 2023: Friday 1/9 and Saturday 2/9, made up on Monday 4/9 (as decided that year).
        #expect(cal.isHoliday(Self.day("2023-09-01")) && cal.isHoliday(Self.day("2023-09-04")))
        // 2025: Monday 1/9 and Tuesday 2/9.
        #expect(cal.isHoliday(Self.day("2025-09-01")) && cal.isHoliday(Self.day("2025-09-02")))
        #expect(cal.isWorkingDay(Self.day("2025-09-03")))
    }

    @Test func decisionsOverrideTheRules() {
        var cal = HolidayCalendar()
        cal.extraDaysOff[Self.day("2026-02-13")] = "Nghỉ Tết theo quyết định của Thủ tướng"
        cal.extraWorkingDays[Self.day("2026-02-28")] = "Làm bù theo quyết định"
        #expect(!cal.isWorkingDay(Self.day("2026-02-13")))
        #expect(cal.isWorkingDay(Self.day("2026-02-28")))
    }
}

@Suite struct DeadlineTests {
    static func day(_ s: String) -> Day { Day(s)! }
    static func deadline(_ step: DeadlineStep, _ start: String, _ c: CaseConditions = .init()) -> String? {
        DeadlineRules.deadline(step, from: Self.day(start), conditions: c, calendar: .statutory)?.description
    }

    @Test func acceptingAComplaintAcrossTet() {
        // Received Thursday 12/02/2026: 10 working days, Tết 16–20/02 and two weekends skipped.
        #expect(Self.deadline(.complaintAcceptance, "2026-02-12") == "2026-03-05")
    }

    @Test func theRuleChangeOfFirstJuly2026() {
        // The rule in force on the day of receipt applies.
        #expect(Self.deadline(.complaintAcceptance, "2026-06-29") == "2026-07-13")   // 10 working days
        #expect(Self.deadline(.complaintAcceptance, "2026-07-01") == "2026-07-10")   // 7 working days
        #expect(DeadlineRules.rule(.complaintAcceptance, on: Self.day("2026-06-30"))?.days.normal == 10)
        #expect(DeadlineRules.rule(.complaintAcceptance, on: Self.day("2026-07-01"))?.legalBasis.contains("155/2026") == true)
        // Decree 155/2026 Art. 10 was read ("Trong thời hạn 07 ngày làm việc, kể từ ngày nhận được khiếu nại…"): cited as
        // the article it amends, and no longer provisional; every rule is now checked against its text.
        #expect(DeadlineRules.rule(.complaintAcceptance, on: Self.day("2026-07-01"))?.legalBasis
                == "Nghị định 124/2020/NĐ-CP, Điều 16 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP, Điều 10)")
        #expect(DeadlineRules.all.allSatisfy { $0.verified })
        let after = LetterFacts(kind: .complaint, receivedOn: Self.day("2026-07-01")).deadlines(.statutory)
        #expect(after.map(\.provisional) == [false])
        let before = LetterFacts(kind: .complaint, receivedOn: Self.day("2026-06-29")).deadlines(.statutory)
        #expect(before.map(\.provisional) == [false])
    }

    @Test func calendarDaysEndingOnADayOffMoveToTheNextWorkingDay() {
        // Accepted Friday 27/03/2026 + 30 days = Sunday 26/04 (Giỗ Tổ), Monday 27/04 is its make-up day → Tuesday 28/04.
        #expect(Self.deadline(.complaintFirstResolution, "2026-03-27") == "2026-04-28")
        // Accepted Monday 02/03/2026 + 30 days = Wednesday 01/04.
        #expect(Self.deadline(.complaintFirstResolution, "2026-03-02") == "2026-04-01")
        #expect(Self.deadline(.complaintFirstResolution, "2026-03-02", .init(complex: true)) == "2026-04-16")
        #expect(Self.deadline(.complaintFirstResolution, "2026-03-02", .init(remoteArea: true)) == "2026-04-16")
        #expect(Self.deadline(.complaintFirstResolution, "2026-03-02", .init(complex: true, remoteArea: true)) == "2026-05-04")
        #expect(Self.deadline(.complaintSecondResolution, "2026-03-02") == "2026-04-16")
        #expect(Self.deadline(.complaintSecondResolution, "2026-03-02", .init(complex: true, remoteArea: true)) == "2026-05-11")
    }

    /// The complainant's own limits: 90 days to complain (art. 9), 30 (remote 45) for a second complaint (art. 33.1);
    /// a complaint after them is flagged with its last day, an end on a day off moving to the next working day.
    @Test func lateComplaintsAreFlagged() {
        func late(_ round: Int, _ known: String, _ received: String, remote: Bool = false) -> String? {
            LetterRules.lateComplaint(kind: .complaint, round: round, receivedOn: Self.day(received), complainedDecisionOn: Self.day(known),
                                      remoteArea: remote, calendar: .statutory)?.lastDay.description
        }
        // Learned on Sunday 01/03/2026: + 90 days = Saturday 30/05 → Monday 01/06.
        #expect(late(1, "2026-03-01", "2026-06-01") == nil)
        #expect(late(1, "2026-03-01", "2026-06-02") == "2026-06-01")
        // First decision received Monday 02/03/2026: + 30 = Wednesday 01/04; remote areas + 45 = Thursday 16/04.
        #expect(late(2, "2026-03-02", "2026-04-02") == "2026-04-01")
        #expect(late(2, "2026-03-02", "2026-04-02", remote: true) == nil)
        #expect(LetterRules.lateComplaint(kind: .denunciation, round: 1, receivedOn: Self.day("2027-01-01"),
                                          complainedDecisionOn: Self.day("2026-01-01"), remoteArea: false, calendar: .statutory) == nil, "complaints only")
        #expect(DeadlineRules.rule(.complaintLimitation, on: Self.day("2026-03-01"))?.legalBasis == "Luật Khiếu nại 2011, Điều 9")
    }

    /// Suspended days do not count: while suspended there is no due date; once resumed the period is longer by them.
    @Test func suspensionStopsTheClock() {
        func due(_ kind: LetterKind, _ suspension: LetterRules.Suspension?) -> [String] {
            LetterFacts(kind: kind, receivedOn: Self.day("2026-02-20"), acceptedOn: Self.day("2026-03-02"), decision: .handle, suspension: suspension)
                .deadlines(.statutory).filter { $0.step == .complaintFirstResolution || $0.step == .denunciationResolution }.map(\.due.description)
        }
        // Accepted Monday 02/03/2026: 30 days → 01/04; suspended 10/03–20/03 (10 days) → 40 days → Saturday 11/04 → Monday 13/04.
        #expect(due(.complaint, nil) == ["2026-04-01"])
        #expect(due(.complaint, .init(from: Self.day("2026-03-10"), until: nil)) == [], "the clock is stopped")
        #expect(due(.complaint, .init(from: Self.day("2026-03-10"), until: Self.day("2026-03-20"))) == ["2026-04-13"])
        // A denunciation suspended 5 days: 35 days → Monday 06/04.
        #expect(due(.denunciation, .init(from: Self.day("2026-03-10"), until: Self.day("2026-03-15"))) == ["2026-04-06"])
    }

    @Test func denunciations() {
        // Received Thursday 12/02/2026, counted across Tết: working days 13/02, then 23, 24, 25, 26, 27/02, 02/03 …
        #expect(Self.deadline(.denunciationClassification, "2026-02-12") == "2026-03-02")   // 7
        #expect(Self.deadline(.denunciationClassification, "2026-02-12", .init(severalPlaces: true)) == "2026-03-05")   // 10
        #expect(Self.deadline(.denunciationClassification, "2026-02-12", .init(delegatedVerification: true)) == "2026-03-05")   // 10
        // A complex denunciation checked at one place keeps 07 working days (art. 24.1 lengthens only for places or delegation).
        #expect(Self.deadline(.denunciationClassification, "2026-02-12", .init(complex: true)) == "2026-03-02")
        // Several places no longer make a complaint complex by themselves.
        #expect(Self.deadline(.complaintFirstResolution, "2026-03-02", .init(severalPlaces: true)) == "2026-04-01")
        // Corrected citations.
        #expect(DeadlineRules.rule(.denunciationForwarding, on: Self.day("2026-02-12"))?.legalBasis == "Luật Tố cáo 2018, Điều 24 khoản 2")
        #expect(DeadlineRules.rule(.receptionNotice, on: Self.day("2026-02-12"))?.legalBasis == "Luật Tiếp công dân 2013, Điều 28 khoản 1")
        #expect(DeadlineRules.rule(.complaintAcceptance, on: Self.day("2026-02-12"))?.legalBasis.contains("Điều 36 (lần hai)") == true)
        #expect(Self.deadline(.denunciationForwarding, "2026-02-12") == "2026-02-26")   // 5
        // Accepted Monday 02/03/2026: 30 days → 01/04; one extension → 01/05 is a holiday → Monday 04/05; two → 31/05 (Sunday) → 01/06.
        #expect(DeadlineRules.denunciationResolution(acceptedOn: Self.day("2026-03-02"), extensions: 0, calendar: .statutory)?.description == "2026-04-01")
        #expect(DeadlineRules.denunciationResolution(acceptedOn: Self.day("2026-03-02"), extensions: 1, calendar: .statutory)?.description == "2026-05-04")
        #expect(DeadlineRules.denunciationResolution(acceptedOn: Self.day("2026-03-02"), extensions: 2, calendar: .statutory)?.description == "2026-06-01")
        #expect(DeadlineRules.denunciationResolution(acceptedOn: Self.day("2026-03-02"), extensions: 3, calendar: .statutory) == nil)
    }

    @Test func receptionNotice() {
        // A reception day on Friday 10/04/2026: ten working days 13–17 and 20–24/04 → 24/04.
        #expect(Self.deadline(.receptionNotice, "2026-04-10") == "2026-04-24")
        // Monday 20/04: 21–24/04 (4), 27/04 off (Giỗ Tổ made up), 28–29/04 (6), 30/04–01/05 off, 04–07/05 (10) → 07/05.
        #expect(Self.deadline(.receptionNotice, "2026-04-20") == "2026-05-07")
    }
}

/// The time limits on sending decisions and notices, and on the council as forwarder, each as a hand-checked case.
@Suite struct NoticeDeadlineTests {
    static func day(_ s: String) -> Day { Day(s)! }
    static func due(_ f: LetterFacts, _ step: DeadlineStep, _ calendar: HolidayCalendar = .statutory) -> String? {
        f.deadlines(calendar).first { $0.step == step }?.due.description
    }

    @Test func sendingTheComplaintDecision() {
        // Round 1, decided Wednesday 29/04/2026: 03 working days, 30/04–01/05 holidays and the weekend skipped → 06/05.
        var f = LetterFacts(kind: .complaint, receivedOn: Self.day("2026-02-20"), acceptedOn: Self.day("2026-03-02"), decision: .handle,
                            outcome: .resolved, closedOn: Self.day("2026-04-29"))
        #expect(Self.due(f, .complaintFirstDecisionSending) == "2026-05-06")
        #expect(DeadlineRules.rule(.complaintFirstDecisionSending, on: Self.day("2026-04-29"))?.legalBasis == "Luật Khiếu nại 2011, Điều 32")
        // Round 2, decided Friday 24/04/2026: 07 calendar days → Friday 01/05 (holiday), then the weekend → Monday 04/05.
        f.round = 2; f.closedOn = Self.day("2026-04-24")
        #expect(Self.due(f, .complaintSecondDecisionSending) == "2026-05-04")
        // Closed, not yet sent: the sending step still runs and is the next deadline, overdue once past.
        let next = LetterRules.next(f.deadlines(.statutory), outcome: .resolved)
        #expect(next?.step == .complaintSecondDecisionSending)
        #expect(next?.isOverdue(outcome: .resolved, today: Self.day("2026-05-05")) == true)
        f.events.decisionSentOn = Self.day("2026-04-27")
        #expect(LetterRules.next(f.deadlines(.statutory), outcome: .resolved) == nil, "sent: nothing left")
    }

    @Test func suspensionResumptionAndCessationDecisions() {
        // Suspended Friday 28/08/2026: 31/08, 01/09, [02–03/09 National Day], 04/09 → 04/09; resumed Friday 18/09 → 23/09.
        var f = LetterFacts(kind: .complaint, receivedOn: Self.day("2026-07-01"), acceptedOn: Self.day("2026-07-10"), decision: .handle,
                            suspension: .init(from: Self.day("2026-08-28"), until: Self.day("2026-09-18")))
        #expect(Self.due(f, .suspensionOrCessationSending) == "2026-09-04")
        #expect(Self.due(f, .resumptionSending) == "2026-09-23")
        #expect(DeadlineRules.rule(.resumptionSending, on: Self.day("2026-09-18"))?.legalBasis
                == "Nghị định 124/2020/NĐ-CP, Điều 28b khoản 2 (bổ sung bởi Nghị định 155/2026/NĐ-CP, Điều 12)")
        f.events.suspensionSentOn = Self.day("2026-08-31")
        #expect(f.deadlines(.statutory).first { $0.step == .suspensionOrCessationSending }?.met == true)
        // Before Decree 155/2026 no such time limit existed.
        f.suspension = .init(from: Self.day("2026-03-10"), until: Self.day("2026-03-20"))
        #expect(Self.due(f, .suspensionOrCessationSending) == nil && Self.due(f, .resumptionSending) == nil)
        // Withdrawn, the resolution ceased on Friday 03/07/2026: the cessation decision is sent within 03 working days → 08/07.
        f.suspension = nil; f.outcome = .withdrawn; f.closedOn = Self.day("2026-07-03")
        #expect(Self.due(f, .suspensionOrCessationSending) == "2026-07-08")
    }

    @Test func tellingTheDenouncer() {
        // Accepted Thursday 08/01/2026: 05 working days → 15/01; with the 2026 decision making Saturday 10/01 a working
        // day (and Friday 02/01 a day off) → 14/01. Accepted Wednesday 31/12/2025: 08/01 by the law alone, 09/01 with it.
        var decided = HolidayCalendar.statutory
        decided.extraDaysOff[Self.day("2026-01-02")] = "Công văn 12729/VPCP-KGVX"
        decided.extraWorkingDays[Self.day("2026-01-10")] = "Công văn 12729/VPCP-KGVX"
        var f = LetterFacts(kind: .denunciation, receivedOn: Self.day("2025-12-29"), acceptedOn: Self.day("2026-01-08"), decision: .handle)
        #expect(Self.due(f, .denunciationAcceptanceNotice) == "2026-01-15")
        #expect(Self.due(f, .denunciationAcceptanceNotice, decided) == "2026-01-14")
        f.acceptedOn = Self.day("2025-12-31")
        #expect(Self.due(f, .denunciationAcceptanceNotice) == "2026-01-08")
        #expect(Self.due(f, .denunciationAcceptanceNotice, decided) == "2026-01-09")
        #expect(DeadlineRules.rule(.denunciationAcceptanceNotice, on: Self.day("2026-01-08"))?.legalBasis == "Luật Tố cáo 2018, Điều 29 khoản 3")
        // Not accepted: told at once, at the latest when the classification ends (received 12/02/2026 → 02/03).
        let refused = LetterFacts(kind: .denunciation, receivedOn: Self.day("2026-02-12"), eligible: false, decision: .file)
        #expect(Self.due(refused, .denunciationRefusalNotice) == "2026-03-02")
        #expect(Self.due(refused, .denunciationAcceptanceNotice) == nil)
        #expect(DeadlineRules.rule(.denunciationRefusalNotice, on: Self.day("2026-02-12"))?.count == .immediately)
    }

    @Test func theCouncilAsForwarder() {
        // A denunciation raised at a reception and forwarded Friday 10/04/2026: the body owes the result in 20 days →
        // Thursday 30/04 (holiday), 01/05, the weekend → Monday 04/05.
        var f = LetterFacts(kind: .denunciation, channel: .reception, receivedOn: Self.day("2026-04-08"), decision: .forward,
                            outcome: .resolved, closedOn: Self.day("2026-04-10"), events: .init(forwardedOn: Self.day("2026-04-10")))
        #expect(Self.due(f, .forwardedDenunciationResult) == "2026-05-04")
        #expect(f.deadlines(.statutory).first { $0.step == .denunciationForwarding }?.met == true, "forwarded within its 05 working days")
        #expect(LetterRules.next(f.deadlines(.statutory), outcome: .resolved)?.step == .forwardedDenunciationResult, "still followed once closed")
        // Resolved there on Monday 20/04: 07 working days (27/04 and 30/04–01/05 off) → 04/05; the result reached the
        // council Tuesday 05/05: it tells the citizen within 05 working days → 12/05.
        f.events.resultResolvedOn = Self.day("2026-04-20"); f.events.resultReceivedOn = Self.day("2026-05-05")
        #expect(Self.due(f, .forwardedCaseResult) == "2026-05-04")
        #expect(Self.due(f, .forwarderCitizenNotice) == "2026-05-12")
        #expect(DeadlineRules.rule(.forwarderCitizenNotice, on: Self.day("2026-05-05"))?.legalBasis == "Luật Tiếp công dân 2013, Điều 28 khoản 2")
        f.events.citizenNotifiedOn = Self.day("2026-05-08")
        #expect(LetterRules.next(f.deadlines(.statutory), outcome: .resolved) == nil)
        // A letter that came by post owes no reception loop (Law on Citizen Reception art. 27–28 are about receptions).
        f.channel = .post
        #expect(Self.due(f, .forwarderCitizenNotice) == nil && Self.due(f, .forwardedDenunciationResult) == "2026-05-04")
    }

    @Test func decree154Notices() {
        // A citizen refused on Friday 28/08/2026: notice within 03 working days → 04/09 (National Day 02–03/09); none before 01/07/2026.
        #expect(ReceptionRules.noticeDeadline(date: Self.day("2026-08-28"), handling: .refused, notifiedOn: nil, calendar: .statutory)?
            .due.description == "2026-09-04")
        #expect(ReceptionRules.noticeDeadline(date: Self.day("2026-06-30"), handling: .refused, notifiedOn: nil, calendar: .statutory) == nil)
        // An online schedule on the 10th from 01/09/2026: first day Thursday 10/09; 05 working days before → 01/09.
        let a = ReceptionRules.announcement(online: true, days: [10], validFrom: Self.day("2026-09-01"), validTo: nil,
                                            announcedOn: Self.day("2026-09-02"), calendar: .statutory)
        #expect(a?.firstDay.description == "2026-09-10" && a?.latest.description == "2026-09-01")
        #expect(a?.late == true)
        #expect(ReceptionRules.announcement(online: true, days: [10], validFrom: Self.day("2026-09-01"), validTo: nil,
                                            announcedOn: Self.day("2026-09-01"), calendar: .statutory)?.late == false)
        #expect(ReceptionRules.announcement(online: false, days: [10], validFrom: Self.day("2026-09-01"), validTo: nil,
                                            announcedOn: nil, calendar: .statutory) == nil)
    }
}

@Suite struct DialogueAndLatenessTests {
    static func day(_ s: String) -> Day { Day(s)! }

    @Test func theDialogueNoticeAndStepsDoneLate() {
        // A dialogue on Tuesday 15/09/2026: the parties are told at least 05 days before → by Thursday 10/09.
        var f = LetterFacts(kind: .complaint, receivedOn: Self.day("2026-07-01"), acceptedOn: Self.day("2026-07-08"), decision: .handle,
                            events: .init(dialogueOn: Self.day("2026-09-15")))
        var notice = f.deadlines(.statutory).first { $0.step == .dialogueNotice }
        #expect(notice?.due.description == "2026-09-10" && notice?.met == false)
        #expect(DeadlineRules.rule(.dialogueNotice, on: Self.day("2026-09-15"))?.legalBasis
                == "Nghị định 124/2020/NĐ-CP, Điều 28 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP, Điều 11)")
        f.events.dialogueNotifiedOn = Self.day("2026-09-12")
        notice = f.deadlines(.statutory).first { $0.step == .dialogueNotice }
        #expect(notice?.met == true && notice?.late == true, "told three days before: late")
        // No such rule before Decree 155/2026.
        f.events.dialogueOn = Self.day("2026-06-20")
        #expect(f.deadlines(.statutory).first { $0.step == .dialogueNotice } == nil)
        // Received Wednesday 01/07/2026, accepted Wednesday 08/07 (due 10/07): on time; resolved after its 30 days (07/08): late.
        f.outcome = .resolved; f.closedOn = Self.day("2026-08-17")
        let list = f.deadlines(.statutory)
        #expect(list.first { $0.step == .complaintAcceptance }.map { $0.met && !$0.late } == true)
        let resolution = list.first { $0.step == .complaintFirstResolution }
        #expect(resolution?.due.description == "2026-08-07" && resolution?.late == true && resolution?.doneOn?.description == "2026-08-17")
    }
}
