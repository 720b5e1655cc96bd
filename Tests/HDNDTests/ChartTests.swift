import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Fluent
@testable import HDND
import Testing
import VaporTesting

/// Charts drawn by the server: well-formed SVG with a title, each with the table behind it, drawn from the same counts
/// as the pages' figures; on the report page, the program page and each role's home page.
@Suite struct ChartTests {
    static func wellFormed(_ svg: String) -> Bool { XMLParser(data: Data(svg.utf8)).parse() }

    @Test func columnsAndProgressAreWellFormedWithATitle() {
        let columns = SVGChart.columns(id: "q", title: "Hoạt động <theo> quý", description: "Bảng kèm theo",
                                       categories: ["I/2026", "II/2026"], series: [.init(name: "Tiếp xúc & cử tri", values: [3, 0]), .init(name: "Đơn thư", values: [1, 7])]).text
        #expect(Self.wellFormed(columns) && columns.contains("<title id=\"q-title\">Hoạt động &lt;theo&gt; quý</title>"))
        // The largest value is the axis's top and the tallest column.
        #expect(columns.contains(">7</text>") && columns.contains("height=\"150\" class=\"s1\""))
        let progress = SVGChart.progress(id: "t", title: "Chỉ tiêu", description: "Bảng kèm theo", [
            .init(label: "Mỗi Ban: ít nhất 02 cuộc giám sát", done: 1, required: 2, standing: "atRisk", standingLabel: "Chậm so với thời gian"),
            .init(label: "HĐND: ít nhất 02 kỳ họp", done: 3, required: 2, standing: "met", standingLabel: "Đạt"),
        ]).text
        #expect(Self.wellFormed(progress) && progress.contains("<title id=\"t-title\">Chỉ tiêu</title>"))
        #expect(progress.contains("width=\"120\" height=\"16\" class=\"atRisk\"") && progress.contains("width=\"240\" height=\"16\" class=\"met\""),
                "half the track for 1 of 2; full, not beyond, for 3 of 2")
    }

    @Test(arguments: TestDB.all) func theTermQuarterByQuarterAddsUpAsTheReportDoes(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let ml = try await Fixture.council("HĐND huyện Mê Linh", app.db)
            let q1 = try #require(Period.quarter(1, of: 2022))
            let chart = try #require(try await Charts.termByQuarter(councilID: ml.id!, unitID: ml.unitID, until: q1.to, kept: app.figures, db: app.db))
            #expect(Self.wellFormed(chart.svg.text) && chart.svg.text.contains("Hoạt động theo quý, nhiệm kỳ 2021 - 2026"))
            // From the term's first quarter (it began on 25/06/2021) to the report's.
            #expect(chart.rows.first?.first == "Quý II/2021" && chart.rows.last?.first == "Quý I/2022")
            let f = try await PeriodFigures.of(councilID: ml.id!, period: q1, kept: app.figures, db: app.db)
            let last = try #require(chart.rows.last)
            #expect(last[1] == VietnameseFormat.number(f.total("meetings")) && last[2] == VietnameseFormat.number(f.total("reception_sessions")))
            #expect(f.total("reception_sessions") >= 445)
            // On the report page, with its table.
            var admin = try await Visitor.signedIn(app, "admin")
            let page = try await admin.get("/hoi-dong/\(ml.id!)/bao-cao?nam=2022&quy=1").body.string
            #expect(page.contains("Hoạt động theo quý, nhiệm kỳ 2021 - 2026") && page.contains("Bảng số liệu của biểu đồ") && page.contains("<td>Quý I/2022</td>"))
            #expect(page.contains("Kiến nghị cử tri quý I/2022") && page.contains("<td>Đã chuyển cơ quan</td><td>\(VietnameseFormat.number(f.total("petitions_forwarded")))</td>"))
        }
    }

    @Test(arguments: TestDB.all) func haiBaTrungs2024TargetsFromTheYearsRecords(_ db: TestDB) async throws {
        try await withTestApp(db) { app in
            let hbt = try await Fixture.council("HĐND quận Hai Bà Trưng", app.db)
            let targets = try await Target.query(on: app.db).filter(\.$councilID == hbt.id!).sort(\.$id).all()
            let progress = try await TargetProgress.of(targets, today: Day(clampingYear: 2026, month: 12, day: 1), kept: app.figures, db: app.db)
            let missed = progress.filter { $0.standing == .missed }.map { "\($0.target.scope.rawValue) \($0.target.measure.rawValue)" }
            #expect(missed.sorted() == ["eachCommittee surveys", "eachDelegateGroup supervisions"])
            #expect(progress.filter { $0.standing == .met }.count == 7)
            let groups = try #require(progress.first { $0.target.scope == .eachDelegateGroup && $0.target.measure == .supervisions })
            #expect(groups.subjects.count == 4 && groups.done == 7 && groups.required == 8)
            // The program's page draws them, met and missed, with the table.
            let program = try #require(try await WorkProgram.query(on: app.db).filter(\.$councilID == hbt.id!).first())
            var office = try await Visitor.signedIn(app, "admin")
            let page = try await office.get("/chuong-trinh-cong-tac/\(program.id!)").body.string
            #expect(page.contains("Tiến độ thực hiện chỉ tiêu") && page.contains("class=\"missed\"") && page.contains("class=\"met\""))
            #expect(page.contains("<strong>05</strong> đã thực hiện"), "each item of the program carried out by its linked record")
            #expect(page.contains("<td>Mỗi Tổ đại biểu HĐND: ít nhất 02 cuộc giám sát</td><td>07</td><td>08</td><td>Không đạt</td>"))
        }
    }

    @Test(arguments: TestDB.all) func eachRolesHomePageDrawsItsWork(_ db: TestDB) async throws {
        try await withTestApp(db, currentRecords: true) { app in
            let hbt = try await Fixture.council("HĐND phường Hai Bà Trưng", app.db)
            let counts = try await PetitionQueries.dueCounts(councilID: hbt.id!, db: app.db)
            var office = try await Visitor.signedIn(app, "vanphong.hbt")
            var page = try await office.get("/").body.string
            #expect(page.contains("Kiến nghị cử tri đang xử lý theo tình trạng") && page.contains("Tiến độ chỉ tiêu đang thực hiện")
                    && page.contains("Hoạt động theo quý, nhiệm kỳ"))
            #expect(page.contains("<td>Chờ phân loại</td><td>\(VietnameseFormat.number(counts.to_classify))</td>"))
            #expect(page.contains("<td>Quá hạn trả lời</td><td>\(VietnameseFormat.number(counts.overdue))</td>"))
            // The standing committee sees the same; a delegate sees the petitions and their own targets, not the council's.
            var standing = try await Visitor.signedIn(app, "thuongtruc.hbt")
            #expect(try await standing.get("/").body.string.contains("Tiến độ chỉ tiêu đang thực hiện"))
            var delegate = try await Visitor.signedIn(app, "daibieu.hbt")
            page = try await delegate.get("/").body.string
            #expect(page.contains("Kiến nghị cử tri đang xử lý theo tình trạng") && !page.contains("Tiến độ chỉ tiêu đang thực hiện"))
            #expect(page.contains("Chỉ tiêu của tôi") && page.contains("<td>Mỗi đại biểu HĐND: ít nhất 02 buổi tiếp công dân</td>"))
            // An agency: what waits for its answer.
            var agency = try await Visitor.signedIn(app, "coquan.hbt")
            page = try await agency.get("/").body.string
            #expect(page.contains("Kiến nghị cử tri đang xử lý theo tình trạng") && page.contains("<td>Chờ trả lời, còn hạn</td>")
                    && !page.contains("<td>Chờ phân loại</td>"))
            // The administrator, who works for no council: the province's work quarter by quarter.
            var admin = try await Visitor.signedIn(app, "admin")
            let overview = try await admin.get("/").body.string
            #expect(overview.contains("Toàn hệ thống") && overview.contains("Hoạt động theo quý, nhiệm kỳ"))
            for svg in page.components(separatedBy: "<svg").dropFirst().map({ "<svg" + $0.components(separatedBy: "</svg>")[0] + "</svg>" }) {
                #expect(Self.wellFormed(svg))
            }
        }
    }
}
