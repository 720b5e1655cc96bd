/// What the audit view shows for a change: the field's Vietnamese name and the value as a reader knows it (a label, a
/// date as 26/04/2022), never an internal name (`agencyID`) or a stored code (`handle`).
enum AuditLabels {
    static let fields: [String: String] = [
        // Directory
        "code": "Mã", "name": "Tên", "level": "Cấp", "kind": "Loại", "parentID": "Đơn vị cấp trên",
        "validFrom": "Từ ngày", "validTo": "Đến ngày", "unitID": "Đơn vị hành chính", "councilID": "Hội đồng",
        "ordinal": "Khóa", "startYear": "Năm bắt đầu", "endYear": "Năm kết thúc", "startDate": "Ngày bắt đầu",
        "endDate": "Ngày kết thúc", "termID": "Nhiệm kỳ", "constituencyID": "Đơn vị bầu cử", "number": "Số",
        "area": "Địa bàn", "fullName": "Họ và tên", "gender": "Giới tính", "birthYear": "Năm sinh", "note": "Ghi chú",
        "personID": "Cá nhân", "bodyID": "Cơ quan", "organizationID": "Tổ chức", "post": "Chức vụ", "rank": "Thứ tự",
        "wardUnitID": "Phường, xã", "petitionDueMode": "Cách tính hạn trả lời kiến nghị", "petitionDueDays": "Số ngày hạn trả lời",
        // Accounts
        "username": "Tên đăng nhập", "role": "Vai trò", "active": "Đang hoạt động",
        "password": "Mật khẩu", "apiToken": "Mã truy cập API", "expiresOn": "Dùng đến", "apiTokensDeleted": "Mã API đã xóa",
        "mustChangePassword": "Phải đổi mật khẩu",
        // Sessions, voter meetings and petitions
        "opensOn": "Ngày khai mạc", "closesOn": "Ngày bế mạc", "place": "Địa điểm", "sessionNumber": "Kỳ họp",
        "date": "Ngày", "delegatesPresent": "Đại biểu dự", "votersAttending": "Cử tri dự", "votersSpeaking": "Cử tri phát biểu",
        "coOrganizer": "Phối hợp tổ chức", "higherLevel": "Đại biểu cấp trên", "minutes": "Biên bản", "meetingID": "Cuộc tiếp xúc",
        "content": "Nội dung", "source": "Nguồn", "field": "Lĩnh vực", "status": "Trạng thái", "voterCount": "Số cử tri",
        "agencyID": "Cơ quan có thẩm quyền", "dueDate": "Hạn trả lời", "answer": "Nội dung trả lời", "answeredOn": "Ngày trả lời",
        "answeredBy": "Người, cơ quan trả lời", "reportedSession": "Đã báo cáo tại kỳ họp", "mergedIntoID": "Gộp vào kiến nghị",
        "imported": "Nhập từ tệp",
        // Letters
        "receivedOn": "Ngày nhận đơn", "channel": "Nguồn đơn", "anonymous": "Không ký tên", "eligible": "Đủ điều kiện xử lý",
        "decision": "Hướng xử lý", "acceptedOn": "Ngày thụ lý", "round": "Lần giải quyết", "complex": "Vụ việc phức tạp",
        "remoteArea": "Vùng sâu, vùng xa", "severalPlaces": "Xác minh nhiều địa điểm", "delegatedVerification": "Ủy quyền xác minh",
        "complainedDecisionOn": "Ngày biết quyết định bị khiếu nại", "complexityNote": "Lý do phức tạp",
        "complexityDecidedBy": "Người quyết định phức tạp", "complexityCriteria": "Tiêu chí phức tạp",
        "complexityFindingNumber": "Số văn bản xác định phức tạp", "complexityFindingDate": "Ngày văn bản xác định phức tạp",
        "extensions": "Số lần gia hạn", "extensionNote": "Lý do gia hạn", "extensionDecidedBy": "Người quyết định gia hạn",
        "suspendedOn": "Ngày tạm đình chỉ", "resumedOn": "Ngày tiếp tục giải quyết", "outcome": "Kết quả", "closedOn": "Ngày kết thúc",
        "duplicateOfID": "Trùng với đơn", "confidential": "Giữ bí mật danh tính", "identityAccess": "Được xem danh tính",
        "forwardedOn": "Ngày chuyển đơn", "noticeSentOn": "Ngày thông báo cho người tố cáo", "suspensionSentOn": "Ngày gửi quyết định tạm đình chỉ",
        "resumptionSentOn": "Ngày gửi quyết định tiếp tục", "decisionSentOn": "Ngày gửi quyết định", "dialogueOn": "Ngày đối thoại",
        "dialogueNotifiedOn": "Ngày thông báo đối thoại", "resultResolvedOn": "Ngày cơ quan giải quyết xong",
        "resultReceivedOn": "Ngày nhận thông báo kết quả", "citizenNotifiedOn": "Ngày thông báo kết quả cho công dân",
        // Reception
        "daysOfMonth": "Các ngày trong tháng", "startTime": "Giờ bắt đầu", "endTime": "Giờ kết thúc", "online": "Trực tuyến",
        "announcedOn": "Ngày thông báo công khai", "scheduleID": "Lịch tiếp", "delegateID": "Đại biểu tiếp", "visitorName": "Họ tên công dân",
        "consent": "Đồng ý ghi thông tin", "visitors": "Số lượt", "topic": "Nội dung", "handling": "Cách xử lý", "letterID": "Đơn thư",
        "petitionID": "Kiến nghị", "notifiedOn": "Ngày thông báo kết quả", "assignment": "Phân công", "receptionVisits": "Lượt tiếp công dân",
        // Holiday decisions
        "year": "Năm", "issuedOn": "Ngày ban hành", "issuer": "Cơ quan ban hành", "summary": "Trích yếu",
        "daysOff": "Ngày nghỉ", "workingDays": "Ngày làm việc bù", "verified": "Đã đối chiếu văn bản",
        // Council work: sessions, agenda, resolutions
        "conveningRef": "Quyết định triệu tập", "convenedOn": "Ngày triệu tập", "openedOn": "Ngày khai mạc thực tế",
        "endedOn": "Ngày bế mạc thực tế", "isPublic": "Họp công khai", "sessionNumerals": "Cách ghi số kỳ họp", "electedOn": "Ngày bầu cử",
        "sessionID": "Kỳ họp", "position": "Thứ tự", "title": "Trích yếu, nội dung", "presenter": "Người trình bày", "series": "Loại nghị quyết",
        "adoptedOn": "Ngày thông qua", "effectiveOn": "Ngày có hiệu lực", "endsOn": "Ngày hết hiệu lực", "signedBy": "Người ký",
        "votesFor": "Tán thành", "votesAgainst": "Không tán thành", "votesAbstaining": "Không biểu quyết",
        "votesNotVoting": "Không tham gia biểu quyết", "delegates": "Tổng số đại biểu", "present": "Đại biểu có mặt", "adopted": "Được thông qua",
        "attendance": "Điểm danh",
        // Oversight
        "lead": "Chủ trì", "subjects": "Đối tượng giám sát", "planRef": "Quyết định, kế hoạch", "plannedOn": "Ngày ban hành kế hoạch",
        "noticedOn": "Ngày thông báo", "fieldworkFrom": "Giám sát từ ngày", "fieldworkTo": "Giám sát đến ngày", "reportedOn": "Ngày báo cáo kết quả",
        "concludedOn": "Ngày kết luận", "conclusion": "Kết luận", "resupervisesID": "Tái giám sát cuộc", "oversightID": "Cuộc giám sát",
        "recheckedByID": "Đã tái giám sát tại cuộc",
        // Questioning
        "venue": "Hình thức chất vấn", "questionGroup": "Nhóm vấn đề", "askedByID": "Đại biểu chất vấn", "respondent": "Người bị chất vấn",
        "askedOn": "Ngày chất vấn", "answerMode": "Cách trả lời", "acceptance": "Ý kiến của đại biểu",
        // Standing committee
        "heldOn": "Ngày họp", "chair": "Chủ trì", "participants": "Thành phần", "agenda": "Nội dung", "speakers": "Số ý kiến phát biểu",
        "periodFrom": "Đánh giá từ ngày", "periodTo": "Đánh giá đến ngày", "conclusions": "Kết luận", "noticeNumber": "Số thông báo",
        "document": "Tài liệu",
        // Work programs and targets
        "owner": "Chủ trì thực hiện", "ownerNote": "Phân công cụ thể", "plannedMonth": "Tháng dự kiến", "state": "Tình trạng",
        "doneOn": "Ngày hoàn thành", "measure": "Hoạt động", "scope": "Đối tượng", "minimum": "Ít nhất", "signer": "Người ký",
        "signerTitle": "Chức vụ người ký", "recipients": "Nơi nhận", "preamble": "Căn cứ, mục đích, yêu cầu", "record": "Bản ghi thực hiện",
        "programID": "Chương trình", "narrative": "Nội dung báo cáo", "briefingID": "Hội nghị giao ban", "expected": "Số lượng đạt điểm tối đa", "weight": "Số điểm",
        // Documents written out in Word
        "text": "Toàn văn", "noticeSigner": "Người ký thông báo", "noticeSignerTitle": "Chức vụ người ký thông báo",
        "noticeRecipients": "Nơi nhận thông báo",
    ]

    static func field(_ key: String) -> String { fields[key] ?? key }

    /// A stored value as the reader knows it: the label of a coded value, a day as 26/04/2022, a list of days likewise.
    /// `kind`: the record's kind, found once for all of its entry's values (by name, it was most of this function's cost).
    static func value(kind: RecordKind?, field: String, _ raw: String) -> String {
        guard !raw.isEmpty else { return raw }
        if let label = code(recordType: kind, field: field, raw) { return label }
        if Day(raw) != nil { return VietnameseFormat.date(raw) }
        if field == "daysOff" || field == "workingDays" {
            return raw.split(separator: ",").map { VietnameseFormat.date(String($0)) }.joined(separator: ", ")
        }
        return raw
    }

    static func code(recordType: RecordKind?, field: String, _ raw: String) -> String? {
        func label<E: RawRepresentable & CaseIterable & Labelled>(_: E.Type) -> String? where E.RawValue == String { E(rawValue: raw)?.label }
        switch (recordType, field) {
        case (.unit, "kind"): return label(UnitKind.self)
        case (.body, "kind"): return label(BodyKind.self)
        case (.organization, "kind"): return label(OrganizationKind.self)
        case (.session, "kind"): return label(SessionKind.self)
        case (.voterMeeting, "kind"): return label(VoterMeetingKind.self)
        case (.letter, "kind"), (.receptionVisit, "kind"): return label(LetterKind.self)
        case (.voterPetition, "source"): return label(PetitionSource.self)
        case (.voterPetition, "status"), (.voterPetition, "outcome"): return label(PetitionStatus.self)
        case (.letter, "outcome"): return label(LetterOutcome.self)
        case (_, "level"): return label(UnitLevel.self)
        case (_, "gender"): return label(Gender.self)
        case (_, "role"): return label(Role.self)
        case (_, "handling"): return label(VisitHandling.self)
        case (_, "channel"): return label(LetterChannel.self)
        case (_, "decision"): return label(LetterDecision.self)
        case (_, "higherLevel"): return label(HigherLevel.self)
        case (_, "petitionDueMode"): return label(PetitionDueMode.self)
        case (_, "sessionNumerals"): return label(SessionNumerals.self)
        case (.agendaItem, "kind"): return label(AgendaItemKind.self)
        case (.oversight, "kind"): return label(OversightKind.self)
        case (.oversight, "lead"): return label(OversightLead.self)
        case (.recommendation, "status"): return label(RecommendationStatus.self)
        case (.question, "venue"): return label(QuestionVenue.self)
        case (.standingMeeting, "kind"): return label(StandingMeetingKind.self)
        case (.question, "answerMode"): return label(AnswerMode.self)
        case (.question, "acceptance"): return label(AnswerAcceptance.self)
        case (.resolution, "series"): return label(ResolutionSeries.self)
        case (.resolution, "field"): return ResolutionFields.all.first { $0.0 == raw }?.1
        case (.task, "basis"): return label(TaskBasis.self)
        case (.coordinationItem, "party"): return label(CoordinationParty.self)
        case (.supervisionProposal, "source"): return label(ProposalSource.self)
        case (.workItem, "owner"): return label(WorkItemOwner.self)
        case (.workItem, "kind"): return label(WorkItemKind.self)
        case (.workItem, "state"): return label(WorkItemState.self)
        case (.target, "measure"): return label(TargetMeasure.self)
        case (.target, "scope"), (.evaluationCriterion, "scope"): return label(TargetScope.self)
        case (.evaluationCriterion, "measure"): return label(TargetMeasure.self)
        case (.workItem, "plannedMonth"): return VietnameseFormat.month(raw)
        case (.resolution, "adopted"), (.session, "isPublic"), (.explanationHearing, "isPublic"), (.supervisionProposal, "included"): return raw == "true" ? "Có" : "Không"
        default: return nil
        }
    }
}

/// A coded value with a Vietnamese label.
protocol Labelled { var label: String { get } }
extension UnitKind: Labelled {}
extension UnitLevel: Labelled {}
extension BodyKind: Labelled {}
extension OrganizationKind: Labelled {}
extension SessionKind: Labelled {}
extension SessionNumerals: Labelled {}
extension AgendaItemKind: Labelled {}
extension ResolutionSeries: Labelled {}
extension OversightKind: Labelled {}
extension OversightLead: Labelled {}
extension TaskBasis: Labelled {}
extension CoordinationParty: Labelled {}
extension ProposalSource: Labelled {}
extension WorkItemOwner: Labelled {}
extension WorkItemKind: Labelled {}
extension WorkItemState: Labelled {}
extension TargetMeasure: Labelled {}
extension TargetScope: Labelled {}
extension RecommendationStatus: Labelled {}
extension QuestionVenue: Labelled {}
extension StandingMeetingKind: Labelled {}
extension AnswerMode: Labelled {}
extension AnswerAcceptance: Labelled {}
extension VoterMeetingKind: Labelled {}
extension LetterKind: Labelled {}
extension LetterChannel: Labelled {}
extension LetterDecision: Labelled {}
extension LetterOutcome: Labelled {}
extension PetitionSource: Labelled {}
extension PetitionStatus: Labelled {}
extension Gender: Labelled {}
extension Role: Labelled {}
extension VisitHandling: Labelled {}
extension HigherLevel: Labelled {}
extension PetitionDueMode: Labelled {}
