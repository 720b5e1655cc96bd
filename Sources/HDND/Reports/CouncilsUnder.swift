import Fluent
import SQLKit

/// The councils of a unit and of every unit below it, as a list over them reads them: a council's list with the box
/// "Gồm HĐND cấp dưới", the summary's drill-downs, their exports.
///
/// A list over councils that hold many of the records must not gather its rows council by council through the index
/// of councils and then sort them all: a page of a city's petitions of a year sorted 100.021 rows for 51 (144 ms on
/// `--scale 1`, 2 s on `--scale 10`), and the city's petitions of all years a million (1 s), on every page and every
/// page of an export. Its rows are read in the list's own order instead, from the ids or from an index of days, each
/// row's council checked against the councils (`rows`), until the page is full. The planners are told by a condition no
/// index of councils serves (`council_id + 0`): without it both took the index of councils, not knowing how many
/// councils the scope holds. A count is another matter: it reads every row anyway, best from the index of councils.
///
/// Councils that hold few of the records (an abolished district: 396 of the city's million petitions) are read the
/// other way, through the index of councils: walked in order, a page would read the whole table to fill (`walked`).
struct CouncilsUnder: Sendable {
    let unitPath: String
    /// Read (and kept between requests while the councils and units stay the same).
    let ids: [Int]
    /// Whether a list's rows are read in its own order (`reading(_:kept:db:)`).
    private(set) var walked = true

    static func of(_ unitPath: String, kept: FigureCache, db: any Database) async throws -> CouncilsUnder {
        CouncilsUnder(unitPath: unitPath, ids: try await SummaryQueries.councilIDs(under: unitPath, kept: kept, on: db))
    }

    /// The one council of a commune, whose list is that council's own (and read through its own indexes).
    var single: Int? { ids.count == 1 ? ids[0] : nil }

    /// How a list of the records counted as `metric` (`SummaryCounters`) reads them. Walked in order, a page of 51 reads
    /// about 51 × N / R rows, R of the N records being the councils'; through the index of councils it reads the R and
    /// sorts them. The cheaper is chosen: walked when R² > 51 × N (for a million petitions, R above some 7.100). Kept
    /// between requests while the records stay the same (`FigureCache`).
    func reading(_ metric: String, kept: FigureCache, db: any Database) async throws -> CouncilsUnder {
        struct Share: Decodable { let scope: Int?; let total: Int? }
        let condition = count(db: db)
        let walks = try await kept.value("walks \(metric) \(unitPath)", on: db) {
            let share = try await db.sql.raw("""
                SELECT CAST(SUM(CASE WHEN \(condition) THEN n ELSE 0 END) AS BIGINT) AS scope, CAST(SUM(n) AS BIGINT) AS total \
                FROM summary_counts WHERE metric = \(bind: metric)
                """).firstRow(Share.self)
            let r = Double(share?.scope ?? 0), n = Double(share?.total ?? 0)
            return r * r > 51 * n
        }
        var read = self
        read.walked = walks
        return read
    }

    /// The rows' condition on `column`: walked, one no index of councils serves. On PostgreSQL the ids are one value
    /// (`= ANY($1)`), so that the statement's text is the same for every scope (`SummaryQueries.councils(under:on:)`);
    /// SQLite reads the subquery once.
    func rows(_ column: String = "council_id", db: any Database) -> SQLQueryString {
        count(walked ? column + " + 0" : column, db: db)
    }

    /// The condition of a list's statement on `column`: its rows walked (`rows`); its count through the index of
    /// councils, unless the rows are read by a day, whose index holds council and deletion and serves the count too.
    func condition(_ column: String = "council_id", counting: Bool, byDay: Bool, db: any Database) -> SQLQueryString {
        counting && !byDay ? count(column, db: db) : rows(column, db: db)
    }

    /// The count's condition on `column`, through the index of councils.
    func count(_ column: String = "council_id", db: any Database) -> SQLQueryString {
        db.isSQLite ? SummaryQueries.councilScope(unitPath, column: column) : SummaryQueries.councilScope(ids: ids, column: column)
    }
}
