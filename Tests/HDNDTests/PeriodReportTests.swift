import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Period reports: the period arithmetic, the roll-up over the councils below, the drafted sentences, issuing with a
/// number and keeping the report as issued, its Word and Excel files, the chart.
@Suite struct PeriodReportTests {
    @Test func periodsBeforeAndAYearBefore() throws {
        let q1 = try #require(Period.quarter(1, of: 2022))
        #expect(q1.previous?.label == "Quý IV/2021" && q1.previous?.from.description == "2021-10-01" && q1.previous?.to.description == "2021-12-31")
        #expect(q1.yearBefore.label == "Quý I/2021")
        #expect(Period.year(2024).previous?.label == "Năm 2023")
        let five = try #require(Period.firstMonths(5, of: 2020))
        #expect(five.previous == nil && five.yearBefore.label == "05 tháng đầu năm 2019" && five.yearBefore.to.description == "2019-05-31")
        let days = try #require(Period.custom(Day(clampingYear: 2022, month: 3, day: 10), Day(clampingYear: 2022, month: 3, day: 19)))
        #expect(days.previous?.from.description == "2022-02-28" && days.previous?.to.description == "2022-03-09")
        // February of a leap year and its year before.
        let feb = try #require(Period.custom(Day(clampingYear: 2024, month: 2, day: 1), Day(clampingYear: 2024, month: 2, day: 29)))
        #expect(feb.yearBefore.to.description == "2023-02-28" && feb.previous?.from.description == "2024-01-01")
        // Whole months are named as councils name them.
        let named = try #require(Period.custom(Day(clampingYear: 2022, month: 4, day: 1), Day(clampingYear: 2022, month: 6, day: 30)))
        #expect(named.shifted(months: 0).label == "Quý II/2022")
    }

    @Test func theSentencesOfAReport() throws {
        let council = Places.CouncilPlace(id: 1, unit_id: 1, name: "HĐND huyện Mê Linh", path: "/1/")
        let q1 = try #require(Period.quarter(1, of: 2022))
        let f = PeriodFigures(council: council, period: q1, own: ["thematicSessions": 1, "reception_sessions": 54, "letters_received": 4, "citizens_received": 81],
                              below: [.init(unitID: 2, name: "Xã Mê Linh", councilID: 2, figures: ["supervisions": 10, "meetings": 20, "reception_sessions": 200]),
                                      .init(unitID: 3, name: "Thị trấn Chi Đông", councilID: 3, figures: ["supervisions": 14, "meetings": 28, "reception_sessions": 245])],
                              belowLevel: .commune)
        #expect(f.belowTotal("supervisions") == 24 && f.total("reception_sessions") == 499)
        #expect(ReportNarrative.draft(f) == """
            Trong quý I/2022, HĐND huyện Mê Linh đã tiến hành 01 kỳ họp chuyên đề; 54 buổi tiếp công dân; tiếp nhận 04 đơn thư.
            Trong quý I/2022, HĐND cấp xã đã tiến hành 24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân.
            """)
        let empty = PeriodFigures(council: council, period: q1, own: [:], below: [], belowLevel: nil)
        #expect(ReportNarrative.draft(empty) == "Trong quý I/2022, HĐND huyện Mê Linh chưa có hoạt động nào được ghi nhận trên hệ thống.")
    }

    @Test func chartsAreWellFormedWithATitle() throws {
        let svg = SVGChart.bars(id: "c", title: "Giám sát <của> các xã", description: "Bảng bên dưới", [.init("Xã A & B", 3), .init("Xã C", 0)]).text
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "well-formed XML")
        #expect(svg.contains("<title id=\"c-title\">Giám sát &lt;của&gt; các xã</title>") && svg.contains("role=\"img\""))
    }

    /// A period's figures and a target's progress are kept between requests (`FigureCache`) and counted again after a
    /// write to the council work they count (an oversight entered through the form) or to who a target binds (a
    /// committee renamed).
    @Test(arguments: TestDB.all) func keptUntilTheWorkChanges(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let term = try await Fixture.latestTerm(hbt, app.db)
            let committee = try #require(try await Body.query(on: app.db).filter(\.$termID == term.id!).filter(\.$kind == .committee).first())
            let today = Day.today(), period = Period.year(today.year)
            let target = Target()
            target.councilID = hbt.id!; target.unitID = hbt.unitID; target.scope = .eachCommittee; target.measure = .supervisions
            target.minimum = 1; target.periodFrom = "\(today.year)-01-01"; target.periodTo = "\(today.year)-12-31"
            func supervisions() async throws -> Int {
                try await PeriodFigures.of(councilID: hbt.id!, period: period, kept: app.figures, db: app.db).own["supervisions"] ?? 0
            }
            func committeeLine() async throws -> TargetProgress.Subject? {
                try await TargetProgress.of([target], kept: app.figures, db: app.db).first?.subjects.first { $0.id == committee.id }
            }
            let before = try await supervisions(), line = try #require(try await committeeLine())
            let kept = app.figures.count
            #expect(try await supervisions() == before, "kept")
            #expect(try await committeeLine() == line)
            // The figures, the committees' line and the council itself (`Places.council(_:kept:on:)`).
            #expect(app.figures.count == kept && kept == 3, "read from what was kept")

            // The city's report writes its table of wards once while the records stay the same: the ward's row follows the oversight.
            let hn = try await Fixture.council("HĐND thành phố Hà Nội", app.db)
            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            func wardRow() async throws -> Substring? {
                let page = try await city.get("/hoi-dong/\(hn.id!)/bao-cao?tu=\(period.from)&den=\(period.to)").body.string
                guard let start = page.range(of: ">Phường Hai Bà Trưng</a></th>") else { return nil }
                return page[start.upperBound...].prefix { $0 != "\n" }
            }
            let rowBefore = try #require(try await wardRow())
            #expect(try await wardRow() == rowBefore)

            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            let day = VietnameseFormat.date(today.description)
            let form = OversightTests.form(hbt, ["bodyID": "\(committee.id!)", "fieldworkFrom": day, "fieldworkTo": day])
            #expect(try await office.post("/giam-sat", form).status == .seeOther)
            #expect(try await supervisions() == before + 1, "counted again after the oversight")
            let rowAfter = try #require(try await wardRow())
            #expect(rowAfter != rowBefore, "the ward's row written again after the oversight")
            #expect(try await committeeLine()?.count == line.count + 1)

            // The report's targets and its choice of terms are kept too: read again after a target or a term is written.
            func report() async throws -> String { try await office.get("/hoi-dong/\(hbt.id!)/bao-cao?nam=\(today.year)").body.string }
            #expect(!(try await report()).contains("≥ 07"))
            let own = Target()
            own.councilID = hbt.id!; own.unitID = hbt.unitID; own.scope = .council; own.measure = .supervisions; own.minimum = 7
            own.periodFrom = "\(today.year)-01-01"; own.periodTo = "\(today.year)-12-31"; own.version = 1
            try await own.save(on: app.db)
            #expect(try await report().contains("≥ 07"), "the new target beside the figure it sets")
            let next = Term()
            next.councilID = hbt.id!; next.unitID = hbt.unitID; next.ordinal = term.ordinal + 1
            next.startYear = 2031; next.endYear = 2036; next.version = 1
            try await next.save(on: app.db)
            #expect(try await report().contains(">Nhiệm kỳ 2031 - 2036</option>"), "the new term among the choices")

            committee.name = "Ban Pháp chế (đổi tên)"
            try await committee.save(on: app.db)
            #expect(try await committeeLine()?.name == "Ban Pháp chế (đổi tên)", "read again after the committee's new name")
        }
    }

    @Test(arguments: TestDB.all) func meLinhFirstQuarter2022(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let ml = try await Fixture.council("HĐND huyện Mê Linh", app.db)
            let q1 = try #require(Period.quarter(1, of: 2022))
            let f = try await PeriodFigures.of(councilID: ml.id!, period: q1, kept: app.figures, db: app.db)
            // The seed's figures, from the records: the communes' and the district's own.
            #expect(f.below.count == 18 && f.belowLevel == .commune)
            #expect(f.belowTotal("supervisions") == 24 && f.belowTotal("meetings") == 48 && f.belowTotal("reception_sessions") == 445)
            #expect(f.own["thematicSessions"] == 1 && f.own["reception_sessions"] == 54 && f.own["citizens_received"] == 81)
            #expect(ReportNarrative.draft(f).contains("Trong quý I/2022, HĐND cấp xã đã tiến hành 24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân."))
            // The roll-up is the sum of the councils below, and with the council's own, the unit's summary.
            let unit = try #require(try await AdministrativeUnit.find(ml.unitID, on: app.db))
            let summary = try await SummaryQueries.summary(unit: unit, period: q1, db: app.db)
            #expect(summary.voterMeetings.total == f.total("meetings") && summary.receptions.sessions == f.total("reception_sessions"))
            #expect(summary.receptions.visits == f.total("citizens_received"))
            // A span that cuts months counts the same records directly.
            let cut = try #require(Period.custom(Day(clampingYear: 2021, month: 12, day: 15), Day(clampingYear: 2022, month: 3, day: 31)))
            #expect(try await PeriodFigures.of(councilID: ml.id!, period: cut, kept: app.figures, db: app.db).belowTotal("reception_sessions") == 445)
            let commune = try #require(f.below.first { ($0.figures["supervisions"] ?? 0) > 0 })
            let alone = try await PeriodFigures.of(councilID: try #require(commune.councilID), period: q1, kept: app.figures, db: app.db)
            #expect(alone.own["supervisions"] == commune.figures["supervisions"] && alone.below.isEmpty)

            var city = try await Visitor.signedIn(app, "vanphong.hanoi")
            var page = try await city.get("/hoi-dong/\(ml.id!)/bao-cao?nam=2022&quy=1").body.string
            #expect(page.contains("Kết quả hoạt động quý I/2022 — HĐND huyện Mê Linh") && page.contains("/hoi-dong/\(commune.councilID!)/bao-cao?tu=2022-01-01&amp;den=2022-03-31"))
            #expect(page.contains("<svg") && page.contains("Quý IV/2021") && page.contains("Quý I/2021"))
            // A whole term: from its first day to its last.
            let term = try await Fixture.latestTerm(ml, app.db)
            page = try await city.get("/hoi-dong/\(ml.id!)/bao-cao?nhiem-ky=\(term.id!)").body.string
            #expect(page.contains("Kết quả hoạt động nhiệm kỳ 2021 - 2026 — HĐND huyện Mê Linh") && page.contains("HĐND cấp xã đã tiến hành 24 cuộc giám sát"))
            #expect(try await city.get("/hoi-dong/\(ml.id!)/bao-cao?nhiem-ky=999999").status == .unprocessableEntity)
            var other = try await Visitor.signedIn(app, "vanphong.hoankiem")
            #expect(try await other.get("/hoi-dong/\(ml.id!)/bao-cao?nam=2022&quy=1").status == .forbidden)
            let sheet = try XLSXReader.rows(Data(try await city.get("/hoi-dong/\(ml.id!)/bao-cao-so-lieu.xlsx?tu=2022-01-01&den=2022-03-31").body.readableBytesView))
            #expect(sheet.contains { $0.first == "buổi tiếp công dân" && $0.count > 4 && $0[3] == "445" && $0[4] == "499" })
            if let read = try OpenPyXL.read(Array(try await city.get("/hoi-dong/\(ml.id!)/bao-cao-so-lieu.xlsx?tu=2022-01-01&den=2022-03-31").body.readableBytesView)) {
                let row = try #require(read.rows.first { $0.first?.text == "cuộc giám sát" })
                #expect(row[3].isNumber && row[3].text == "24")
            }

            // Drafted, edited, issued with a number, kept as issued (by whoever writes for the district: here the administrator).
            #expect(try await city.get("/bao-cao-ky/moi?council=\(ml.id!)").status == .forbidden)
            city = try await Visitor.signedIn(app, "admin")
            page = try await city.get("/bao-cao-ky/moi?council=\(ml.id!)&tu=2022-01-01&den=2022-03-31").body.string
            #expect(page.contains("24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân"))
            // Days outside the accepted years in the address: the form falls back to this quarter, nothing traps.
            #expect(try await city.get("/bao-cao-ky/moi?council=\(ml.id!)&tu=0001-01-01&den=9999-12-31").status == .ok)
            let form = ["councilID": "\(ml.id!)", "periodFrom": "01/01/2022", "periodTo": "31/03/2022",
                        "title": "Báo cáo kết quả hoạt động quý I/2022 của HĐND huyện Mê Linh",
                        "narrative": "Trong quý I/2022, HĐND cấp xã, thị trấn đã tiến hành 24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân; vượt chỉ tiêu theo kế hoạch đặt ra.",
                        "issuedOn": "26/04/2022", "signer": "Trịnh Thị Hồng Ngân", "signerTitle": "PHÓ CHỦ TỊCH", "recipients": "Thường trực HĐND Thành phố;\nLưu: VT."]
            var res = try await city.post("/bao-cao-ky", form.merging(["issuedOn": "30/03/2022"]) { _, n in n })
            #expect(res.status == .unprocessableEntity && res.body.string.contains("ban hành sau khi kỳ báo cáo kết thúc"))
            #expect(try await city.post("/bao-cao-ky", form).status == .seeOther)
            let report = try #require(try await PeriodReport.query(on: app.db).filter(\.$councilID == ml.id!).first())
            #expect(report.reference == "01/BC-HĐND" && report.snapshot?.first { $0.key == "reception_sessions" }?.below == 445)
            var edit = report.auditSnapshot.merging(["version": "1", "narrative": "Sửa sau khi ban hành"]) { _, n in n }
            edit["periodFrom"] = "01/01/2022"; edit["periodTo"] = "31/03/2022"; edit["issuedOn"] = "26/04/2022"
            res = try await city.post("/bao-cao-ky/\(report.id!)", edit)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("không sửa được"))
            var citizen = Visitor(app)
            page = try await citizen.get("/bao-cao-ky/\(report.id!)").body.string
            #expect(page.contains("Số 01/BC-HĐND, ngày 26/04/2022") && page.contains("vượt chỉ tiêu theo kế hoạch đặt ra") && page.contains("Số liệu như lúc ban hành"))
            res = try await citizen.get("/bao-cao-ky/\(report.id!)/van-ban.docx")
            #expect(res.status == .ok)
            if let doc = try DocxReader.read(Array(res.body.readableBytesView)) {
                let header = try #require(doc.tables.first?.first)
                #expect(header[0].text.contains("Số: 01/BC-HĐND") && header[1].text.contains("Mê Linh, ngày 26 tháng 4 năm 2022"))
                #expect(doc.paragraphs.contains { $0.text == "BÁO CÁO" } && doc.paragraphs.contains { $0.text.contains("445 buổi tiếp công dân") })
                #expect(doc.tables.contains { t in t.contains { row in row.first?.text == "Buổi tiếp công dân" && row.last?.text == "499" } })
                #expect(doc.tables.last?.first?[1].text.contains("PHÓ CHỦ TỊCH") == true)
            }
        }
    }
}
