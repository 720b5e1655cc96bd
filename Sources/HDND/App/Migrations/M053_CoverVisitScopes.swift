import Fluent

/// A city's reception visits of a year opened from its summary (`/bao-cao/tiep-cong-dan`) were found through the index
/// of council and date, then every one read from the table for `deleted_at` (19.648 visits of Hà Nội in 2019 on the
/// `--scale 1` data: 36 ms a page, 54 pages/s). The index now holds `deleted_at` and `id` too (SQLite holds the id in
/// every index anyway; PostgreSQL does not), so the visits of the councils and days asked for are chosen and counted
/// from the index alone, and only the page's own rows are read (as M051 did for an agency's petitions).
struct M053_CoverVisitScopes: IndexReplacement {
    static let table = "reception_visits"
    static let old = (name: "reception_visits_council_id_date_idx", columns: ["council_id", "date"])
    static let new = (name: "reception_visits_council_date_deleted_idx", columns: ["council_id", "date", "deleted_at", "id"])
}
