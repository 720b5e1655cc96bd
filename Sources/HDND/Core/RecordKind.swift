/// Every kind of record the pages, the audit and the search name, with its one URL segment.
/// Routes are registered from here and links are built from here: no path is spelled twice.
public enum RecordKind: String, CaseIterable, Codable, Sendable {
    case unit, council, term, body, constituency, person, membership, organization, user, session, voterMeeting, voterPetition, letter, receptionSchedule, receptionVisit
    case holidayDecision, task
    case agendaItem, resolution, oversight, recommendation, question, standingMeeting, explanationHearing
    case coordinationProgram, coordinationItem, dialogueConference, dialogueOpinion, training, supervisionProgram, supervisionProposal
    case workProgram, workItem, target, periodReport, briefingConference, evaluationCriterion

    public var slug: String {
        switch self {
        case .unit: "don-vi"
        case .council: "hoi-dong"
        case .term: "nhiem-ky"
        case .body: "ban"
        case .constituency: "don-vi-bau-cu"
        case .person: "nguoi"
        case .membership: "chuc-vu"
        case .organization: "to-chuc"
        case .user: "tai-khoan"
        case .session: "ky-hop"
        case .voterMeeting: "tiep-xuc-cu-tri"
        case .voterPetition: "kien-nghi"
        case .letter: "don-thu"
        case .receptionSchedule: "lich-tiep-cong-dan"
        case .receptionVisit: "luot-tiep-cong-dan"
        case .holidayDecision: "quyet-dinh-nghi-le"
        case .task: "nhiem-vu"
        case .agendaItem: "noi-dung-ky-hop"
        case .resolution: "nghi-quyet"
        case .oversight: "giam-sat"
        case .recommendation: "kien-nghi-giam-sat"
        case .question: "chat-van"
        case .standingMeeting: "phien-hop-thuong-truc"
        case .explanationHearing: "phien-giai-trinh"
        case .coordinationProgram: "chuong-trinh-phoi-hop"
        case .coordinationItem: "noi-dung-phoi-hop"
        case .dialogueConference: "hoi-nghi-doi-thoai"
        case .dialogueOpinion: "y-kien-doi-thoai"
        case .training: "tap-huan"
        case .supervisionProgram: "chuong-trinh-giam-sat"
        case .supervisionProposal: "de-xuat-giam-sat"
        case .workProgram: "chuong-trinh-cong-tac"
        case .workItem: "noi-dung-cong-tac"
        case .target: "chi-tieu"
        case .periodReport: "bao-cao-ky"
        case .briefingConference: "hoi-nghi-giao-ban"
        case .evaluationCriterion: "tieu-chi-thi-dua"
        }
    }

    public var label: String {
        switch self {
        case .unit: "Đơn vị hành chính"
        case .council: "Hội đồng nhân dân"
        case .term: "Nhiệm kỳ"
        case .body: "Cơ quan của HĐND"
        case .constituency: "Đơn vị bầu cử"
        case .person: "Cá nhân"
        case .membership: "Chức vụ"
        case .organization: "Tổ chức, cơ quan"
        case .user: "Tài khoản"
        case .session: "Kỳ họp"
        case .voterMeeting: "Cuộc tiếp xúc cử tri"
        case .voterPetition: "Ý kiến, kiến nghị cử tri"
        case .letter: "Đơn thư"
        case .receptionSchedule: "Lịch tiếp công dân"
        case .receptionVisit: "Lượt tiếp công dân"
        case .holidayDecision: "Quyết định nghỉ lễ, Tết"
        case .task: "Nhiệm vụ được giao"
        case .agendaItem: "Nội dung kỳ họp"
        case .resolution: "Nghị quyết"
        case .oversight: "Cuộc giám sát, khảo sát"
        case .recommendation: "Kiến nghị sau giám sát"
        case .question: "Chất vấn"
        case .standingMeeting: "Phiên họp Thường trực HĐND"
        case .explanationHearing: "Phiên giải trình"
        case .coordinationProgram: "Chương trình phối hợp"
        case .coordinationItem: "Nội dung phối hợp"
        case .dialogueConference: "Hội nghị đối thoại"
        case .dialogueOpinion: "Ý kiến tại hội nghị đối thoại"
        case .training: "Lớp tập huấn"
        case .supervisionProgram: "Chương trình giám sát năm"
        case .supervisionProposal: "Đề xuất nội dung giám sát"
        case .workProgram: "Chương trình công tác"
        case .workItem: "Nội dung chương trình công tác"
        case .target: "Chỉ tiêu"
        case .periodReport: "Báo cáo định kỳ"
        case .briefingConference: "Hội nghị giao ban"
        case .evaluationCriterion: "Tiêu chí thi đua"
        }
    }

    /// The label as it reads inside a sentence ("Thêm cơ quan của HĐND").
    public var noun: String {
        switch self {
        case .council: "Hội đồng nhân dân"
        case .body: "cơ quan của HĐND"
        case .voterMeeting: "cuộc tiếp xúc cử tri"
        case .voterPetition: "ý kiến, kiến nghị cử tri"
        default: label.prefix(1).lowercased() + label.dropFirst()
        }
    }

    /// Units, councils, accounts and the national holiday decisions are set up by administrators; everything else by the council's office.
    public var adminOnlyWrites: Bool { self == .unit || self == .council || self == .user || self == .holidayDecision }

    /// Kinds with a page of their own at `path(id)`; the others' address leads to the page that shows them (an agenda item to its
    /// session, a visit to its month, a holiday decision to its year): see `RecordPages`.
    public var hasOwnPage: Bool {
        switch self {
        case .unit, .council, .term, .body, .constituency, .person, .membership, .organization, .voterMeeting, .voterPetition, .letter, .task, .session, .resolution, .oversight, .question, .standingMeeting, .explanationHearing,
             .coordinationProgram, .dialogueConference, .supervisionProgram, .workProgram, .periodReport, .briefingConference: true
        case .agendaItem, .recommendation, .receptionSchedule, .receptionVisit, .holidayDecision, .user, .coordinationItem, .dialogueOpinion,
             .training, .supervisionProposal, .workItem, .target, .evaluationCriterion: false
        }
    }

    public func path(_ id: Int) -> String { "/\(slug)/\(id)" }
    public func editPath(_ id: Int) -> String { "/\(slug)/\(id)/sua" }
    public func deletePath(_ id: Int) -> String { "/\(slug)/\(id)/xoa" }
    public func restorePath(_ id: Int) -> String { "/\(slug)/\(id)/khoi-phuc" }
    public func auditPath(_ id: Int) -> String { "/nhat-ky/\(rawValue)/\(id)" }
    public var newPath: String { "/\(slug)/moi" }
    public var createPath: String { "/\(slug)" }
}
