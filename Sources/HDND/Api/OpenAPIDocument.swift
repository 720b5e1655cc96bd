import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, built from the same route list that registers the routes.
enum OpenAPIDocument {
    static func data(routes: [ApiRoute]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document(routes: routes))
    }

    static func document(routes: [ApiRoute]) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for path in orderedUnique(routes.map(\.path)) {
            let ops = routes.filter { $0.path == path }.map { route -> (String, JSONValue) in
                (route.method.rawValue.lowercased(), operation(route))
            }
            paths.append((path, .object(ops)))
        }
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([("title", .string("HĐND Số API")), ("version", .string("1.0.0")),
                              ("description", .string("Danh bạ Hội đồng nhân dân các cấp: đơn vị hành chính, Hội đồng, nhiệm kỳ, cơ quan, cá nhân, chức vụ, tổ chức. Lỗi trả về application/problem+json."))])),
            ("paths", .object(paths)),
            ("components", .object([
                ("securitySchemes", .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])),
                ("schemas", .object(schemas(routes))),
            ])),
        ])
    }

    static func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/components/schemas/\(name)"))]) }

    static func operation(_ route: ApiRoute) -> JSONValue {
        var op: [(String, JSONValue)] = [("summary", .string(route.summary))]
        if !route.parameters.isEmpty {
            op.append(("parameters", .array(route.parameters.map { p in
                .object([("name", .string(p.name)), ("in", .string(p.location)), ("required", .bool(p.required)),
                         ("description", .string(p.description)), ("schema", schema(p.kind))])
            })))
        }
        if let request = route.requestSchema {
            op.append(("requestBody", .object([("required", .bool(true)),
                ("content", .object([("application/json", .object([("schema", ref(request))]))]))])))
        }
        if route.needsToken { op.append(("security", .array([.object([("bearer", .array([]))])]))) }
        let problem: JSONValue = .object([("description", .string("Lỗi")),
            ("content", .object([("application/problem+json", .object([("schema", ref("Problem"))]))]))])
        var responses: [(String, JSONValue)] = []
        let ok = route.method == .POST ? "201" : route.method == .DELETE ? "204" : "200"
        if let response = route.responseSchema {
            responses.append((ok, .object([("description", .string("Thành công")),
                ("content", .object([("application/json", .object([("schema", ref(response))]))]))])))
        } else {
            responses.append((ok, .object([("description", .string("Thành công"))])))
        }
        responses.append(("default", problem))
        op.append(("responses", .object(responses)))
        return .object(op)
    }

    static func schema(_ kind: ApiParameter.Kind) -> JSONValue {
        switch kind {
        case .text: .object([("type", .string("string"))])
        case .integer: .object([("type", .string("integer")), ("format", .string("int64"))])
        case .boolean: .object([("type", .string("boolean"))])
        // The days the system accepts (`Day.accepted`): years 1900 to 2100.
        case .date: .object([("type", .string("string")), ("format", .string("date")),
                             ("pattern", .string("^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"))])
        case .count(let range): .object([("type", .string("integer")), ("minimum", .int(range.lowerBound)),
                                         ("maximum", .int(range.upperBound))])
        case .values(let values): .object([("type", .string("string")), ("enum", .array(values.map { .string($0) }))])
        }
    }

    static func object(_ props: [(String, String)], required: [String] = []) -> JSONValue {
        .object([("type", .string("object")),
                 ("properties", .object(props.map { name, type in
                     (name, type.hasPrefix("#") ? ref(String(type.dropFirst())) : .object([("type", type.hasSuffix("?")
                        ? .array([.string(String(type.dropLast())), .string("null")]) : .string(type))]))
                 })),
                 ("required", .array(required.map { .string($0) }))])
    }

    static func pageOf(_ item: String) -> JSONValue {
        .object([("type", .string("object")),
                 ("properties", .object([("items", .object([("type", .string("array")), ("items", ref(item))])),
                                         ("next", .object([("type", .array([.string("string"), .string("null")]))]))])),
                 ("required", .array([.string("items"), .string("next")]))])
    }

    static func schemas(_ routes: [ApiRoute]) -> [(String, JSONValue)] {
        var list: [(String, JSONValue)] = [
            ("Problem", object([("type", "string"), ("title", "string"), ("status", "integer"), ("detail", "string"),
                                ("instance", "string"), ("errors", "array?")], required: ["title", "status", "detail"])),
            ("Unit", object([("id", "integer"), ("code", "string"), ("name", "string"), ("level", "string"), ("kind", "string"),
                             ("parentCode", "string?"), ("validFrom", "string?"), ("validTo", "string?"),
                             ("hasCouncil", "boolean"), ("councilId", "integer?")],
                            required: ["code", "name", "level", "kind", "parentCode", "validFrom", "validTo", "hasCouncil"])),
            ("UnitPage", pageOf("Unit")),
            ("SearchHit", object([("recordType", "string"), ("recordId", "integer"), ("title", "string"), ("detail", "string"), ("href", "string")])),
            ("SearchPage", pageOf("SearchHit")),
            ("Summary", object([("unitCode", "string"), ("unitName", "string"), ("from", "string"), ("to", "string"),
                                ("councils", "integer"), ("voterMeetings", "#SummaryMeetings"), ("voterPetitions", "#SummaryPetitions"),
                                ("letters", "#SummaryLetters"), ("receptions", "#SummaryReceptions")],
                               required: ["unitCode", "from", "to", "voterMeetings", "voterPetitions", "letters", "receptions"])),
            ("SummaryReceptions", object([("sessions", "integer"), ("visits", "integer")])),
            ("PetitionClusterPlace", object([("councilId", "integer"), ("name", "string"), ("petitions", "integer"), ("voters", "integer")],
                                            required: ["councilId", "name", "petitions", "voters"])),
            ("PetitionCluster", .object([("type", .string("object")),
                                         ("properties", .object([("id", .object([("type", .string("integer"))])),
                                                                 ("content", .object([("type", .string("string"))])),
                                                                 ("councils", .object([("type", .string("integer"))])),
                                                                 ("petitions", .object([("type", .string("integer"))])),
                                                                 ("voters", .object([("type", .string("integer"))])),
                                                                 ("places", .object([("type", .string("array")), ("items", ref("PetitionClusterPlace"))]))])),
                                         ("required", .array(["id", "content", "councils", "petitions", "voters", "places"].map { .string($0) }))])),
            ("PetitionClusterList", .object([("type", .string("object")),
                                             ("properties", .object([("items", .object([("type", .string("array")), ("items", ref("PetitionCluster"))]))])),
                                             ("required", .array([.string("items")]))])),
            ("VoterPetition", object([("id", "integer"), ("councilId", "integer"), ("meetingId", "integer?"), ("source", "string"),
                                      ("content", "string"), ("field", "string?"), ("voterCount", "integer"), ("status", "string"),
                                      ("agencyId", "integer?"), ("dueDate", "string?"), ("forwardedOn", "string?"), ("answer", "string?"),
                                      ("answeredOn", "string?"), ("answeredBy", "string?"), ("reportedSession", "string?"),
                                      ("receivedOn", "string"), ("version", "integer")])),
            ("VoterPetitionPage", pageOf("VoterPetition")),
            ("PetitionEvent", object([("at", "string"), ("actor", "string"), ("action", "string"), ("from", "string?"), ("to", "string"), ("note", "string")])),
            ("VoterPetitionDetail", .object([("type", .string("object")), ("properties", .object([("petition", ref("VoterPetition")),
                ("timeline", .object([("type", .string("array")), ("items", ref("PetitionEvent"))]))]))])),
            ("PetitionActionInput", object([("version", "integer"), ("field", "string?"), ("agencyID", "integer?"), ("dueDate", "string?"),
                                            ("fromNationalAssembly", "boolean?"), ("answer", "string?"), ("answeredOn", "string?"),
                                            ("answeredBy", "string?"), ("outcome", "string?"), ("reportedSession", "string?"), ("note", "string?")],
                                           required: ["version"])),
            ("LetterDeadline", object([("step", "string"), ("label", "string"), ("due", "string"), ("legalBasis", "string"), ("provisional", "boolean"), ("met", "boolean"), ("overdue", "boolean"),
                                       ("doneOn", "string?"), ("late", "boolean")])),
            ("LetterDetail", .object([("type", .string("object")), ("properties", .object([
                ("id", .object([("type", .string("integer"))])), ("number", .object([("type", .string("string"))])),
                ("kind", .object([("type", .string("string"))])), ("receivedOn", .object([("type", .string("string"))])),
                ("outcome", .object([("type", .string("string"))])),
                ("complex", .object([("type", .string("boolean"))])), ("delegatedVerification", .object([("type", .string("boolean"))])),
                ("complexityCriteria", .object([("type", .array([.string("string"), .string("null")]))])),
                ("complexityFindingNumber", .object([("type", .array([.string("string"), .string("null")]))])),
                ("complexityFindingDate", .object([("type", .array([.string("string"), .string("null")]))])),
                ("complainedDecisionOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("lateNotice", .object([("type", .array([.string("string"), .string("null")]))])),
                ("suspendedOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("resumedOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("forwardedOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("noticeSentOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("suspensionSentOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("resumptionSentOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("decisionSentOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("dialogueOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("dialogueNotifiedOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("resultResolvedOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("resultReceivedOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("citizenNotifiedOn", .object([("type", .array([.string("string"), .string("null")]))])),
                ("complexityNote", .object([("type", .array([.string("string"), .string("null")]))])),
                ("complexityDecidedBy", .object([("type", .array([.string("string"), .string("null")]))])),
                ("extensions", .object([("type", .string("integer"))])), ("extensionNote", .object([("type", .array([.string("string"), .string("null")]))])),
                ("extensionDecidedBy", .object([("type", .array([.string("string"), .string("null")]))])),
                ("senders", .object([("type", .array([.string("array"), .string("null")])), ("description", .string("Chỉ có khi tài khoản được xem người gửi"))])),
                ("deadlines", .object([("type", .string("array")), ("items", ref("LetterDeadline"))]))])), ("additionalProperties", .bool(true))])),
            ("LetterListItem", object([("id", "integer"), ("councilId", "integer"), ("number", "string"), ("receivedOn", "string"), ("kind", "string"),
                                       ("content", "string"), ("anonymous", "boolean"), ("decision", "string?"), ("outcome", "string"),
                                       ("duplicateOfId", "integer?"), ("nextDeadline", "string?"), ("nextDeadlineLabel", "string?"), ("overdue", "boolean")])),
            ("LetterPage", pageOf("LetterListItem")),
            ("LetterInput", object([("councilID", "integer"), ("receivedOn", "string"), ("channel", "string"), ("kind", "string"), ("content", "string"),
                                    ("anonymous", "boolean?"), ("senders", "array?"), ("eligible", "boolean?"), ("decision", "string?"),
                                    ("agencyID", "integer?"), ("acceptedOn", "string?"), ("round", "integer?"), ("outcome", "string?"),
                                    ("closedOn", "string?"), ("duplicateOf", "string?"), ("visitID", "integer?"),
                                    ("complex", "boolean?"), ("complexityNote", "string?"), ("complexityDecidedBy", "string?"),
                                    ("remoteArea", "boolean?"), ("severalPlaces", "boolean?"), ("delegatedVerification", "boolean?"),
                                    ("complexityCriteria", "string?"), ("complexityFindingNumber", "string?"), ("complexityFindingDate", "string?"),
                                    ("complainedDecisionOn", "string?"), ("suspendedOn", "string?"), ("resumedOn", "string?"),
                                    ("forwardedOn", "string?"), ("noticeSentOn", "string?"), ("suspensionSentOn", "string?"), ("resumptionSentOn", "string?"),
                                    ("decisionSentOn", "string?"), ("dialogueOn", "string?"), ("dialogueNotifiedOn", "string?"), ("resultResolvedOn", "string?"), ("resultReceivedOn", "string?"), ("citizenNotifiedOn", "string?"),
                                    ("extensions", "integer?"),
                                    ("extensionNote", "string?"), ("extensionDecidedBy", "string?")],
                                   required: ["councilID", "receivedOn", "channel", "kind", "content"])),
            ("ReceptionVisit", object([("id", "integer"), ("date", "string"), ("visitor", "string?"), ("confidential", "boolean"), ("visitors", "integer"),
                                       ("kind", "string"), ("topic", "string"), ("handling", "string"), ("delegate", "string?"),
                                       ("letterId", "integer?"), ("letterNumber", "string?"), ("petitionId", "integer?")])),
            ("ReceptionVisitPage", pageOf("ReceptionVisit")),
            ("PetitionLinesInput", object([("petitions", "array")], required: ["petitions"])),
            ("SummaryLetters", object([("received", "integer"), ("cases", "integer"), ("resolved", "integer"), ("withdrawn", "integer"),
                                       ("withinDeadline", "integer"), ("overdue", "integer")])),
            ("SummaryMeetings", object([("total", "integer"), ("councilDelegates", "integer"), ("thematic", "integer"),
                                        ("nationalAssembly", "integer"), ("provincialDelegates", "integer"),
                                        ("votersAttending", "integer"), ("votersSpeaking", "integer")])),
            ("SummaryPetitions", object([("received", "integer"), ("forwarded", "integer"), ("answered", "integer"),
                                         ("overdue", "integer"), ("reported", "integer"), ("reportedResolved", "integer"),
                                         ("reportedInProgress", "integer")])),
        ]
        // Each directory record: its editable fields (as in its form) plus id, version and timestamps.
        let records: [(String, [String])] = [
            ("Council", ["unitCode", "name", "petitionDueMode", "petitionDueDays"]), ("Term", ["councilID", "ordinal", "startYear", "endYear", "startDate", "endDate"]),
            ("Body", ["termID", "kind", "name", "constituencyID"]), ("Constituency", ["termID", "number", "name", "area"]),
            ("Person", ["councilID", "fullName", "gender", "birthYear", "note"]),
            ("Membership", ["personID", "bodyID", "organizationID", "post", "rank", "validFrom", "validTo"]),
            ("Organization", ["unitID", "kind", "name", "validFrom", "validTo"]),
            ("CouncilSession", ["councilID", "termID", "number", "kind", "opensOn", "closesOn", "place", "conveningRef", "convenedOn",
                                "openedOn", "endedOn", "isPublic:boolean"]),
            ("AgendaItem", ["sessionID", "position", "kind", "title", "bodyID", "presenter"]),
            ("Resolution", ["councilID", "sessionID", "series", "number", "title", "field", "adoptedOn", "effectiveOn", "endsOn", "signedBy",
                            "delegates", "present", "votesFor", "votesAgainst", "votesAbstaining", "votesNotVoting", "amends", "replaces", "repeals"]),
            ("Oversight", ["councilID", "kind", "lead", "bodyID", "personID", "topic", "subjects", "planRef", "plannedOn", "noticedOn",
                           "fieldworkFrom", "fieldworkTo", "reportedOn", "concludedOn", "conclusion", "resupervisesID", "members", "proposalID"]),
            ("SupervisionProgram", ["councilID", "year", "resolutionID", "notes"]),
            ("CoordinationProgram", ["councilID", "year", "title", "signedOn", "signatories", "review"]),
            ("DialogueConference", ["councilID", "year", "heldOn", "title", "hosts", "participants", "speakers"]),
            ("Training", ["councilID", "year", "title", "organiser", "heldFrom", "heldTo", "classes", "attendeesOwn", "attendeesBelow",
                          "attendeesOther", "notes"]),
            ("Question", ["councilID", "venue", "sessionID", "questionGroup", "askedByID", "respondent", "organizationID", "content", "askedOn",
                          "answerMode", "answer", "answeredOn", "acceptance", "progressReport", "progressReportedOn"]),
            ("Recommendation", ["oversightID", "organizationID", "content", "dueOn", "status", "answer", "answeredOn", "recheckedByID"]),
            ("StandingMeeting", ["councilID", "kind", "heldOn", "chair", "participants", "agenda", "minutes", "speakers", "periodFrom", "periodTo",
                                 "conclusions", "noticedOn"]),
            ("ExplanationHearing", ["councilID", "topic", "respondents", "heldOn", "planRef", "noticedOn", "isPublic:boolean", "conclusion", "concludedOn"]),
            ("CouncilTask", ["councilID", "content", "basis", "basisRef", "assignee", "assignedOn", "dueOn", "status", "doneOn", "result",
                             "questionID", "hearingID", "briefingID"]),
            ("VoterMeeting", ["councilID", "bodyID", "kind", "sessionNumber", "topic", "higherLevel", "date", "place", "coOrganizer",
                              "delegatesPresent", "votersAttending", "votersSpeaking", "minutes"]),
        ]
        // The fields that take one of a list of values: the values are listed, as the forms list them.
        func values<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> [String] where E.RawValue == String { E.allCases.map(\.rawValue) }
        let enums: [String: [String]] = [
            "Council.petitionDueMode": values(PetitionDueMode.self), "Body.kind": values(BodyKind.self), "Person.gender": values(Gender.self),
            "Organization.kind": values(OrganizationKind.self), "CouncilSession.kind": values(SessionKind.self),
            "AgendaItem.kind": values(AgendaItemKind.self), "Resolution.series": values(ResolutionSeries.self),
            "Oversight.kind": values(OversightKind.self), "Oversight.lead": values(OversightLead.self),
            "VoterMeeting.kind": values(VoterMeetingKind.self), "VoterMeeting.higherLevel": values(HigherLevel.self),
            "Question.venue": values(QuestionVenue.self), "Question.answerMode": values(AnswerMode.self),
            "Question.acceptance": values(AnswerAcceptance.self), "Recommendation.status": values(RecommendationStatus.self),
            "StandingMeeting.kind": values(StandingMeetingKind.self), "CouncilTask.basis": values(TaskBasis.self),
            "CouncilTask.status": values(TaskStatus.self),
        ]
        // A field is text or a number as its form reads it, unless it names its JSON type ("isPublic:boolean") or its values.
        func property(_ record: String, _ field: String) -> (String, JSONValue) {
            let parts = field.split(separator: ":").map(String.init)
            if let listed = enums["\(record).\(parts[0])"] {
                return (parts[0], .object([("type", .array([.string("string"), .string("null")])), ("enum", .array(listed.map { .string($0) } + [.null]))]))
            }
            let types = parts.count > 1 ? [parts[1], "null"] : ["string", "integer", "null"]
            return (parts[0], .object([("type", .array(types.map { .string($0) }))]))
        }
        for (name, fields) in records where routes.contains(where: { $0.responseSchema == name }) {
            list.append((name, .object([("type", .string("object")), ("properties", .object(
                [("id", .object([("type", .string("integer"))])), ("version", .object([("type", .string("integer"))]))]
                + fields.map { property(name, $0) })), ("additionalProperties", .bool(true))])))
            list.append((name + "Input", .object([("type", .string("object")), ("properties", .object(
                fields.map { property(name, $0) } + [("version", .object([("type", .string("integer")), ("description", .string("Bắt buộc khi sửa"))]))]))])))
            list.append((name + "Page", pageOf(name)))
        }
        return list
    }
}
