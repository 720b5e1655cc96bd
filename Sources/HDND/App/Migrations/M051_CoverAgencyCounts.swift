import Fluent

/// An agency's home page counts its petitions in hand (to classify, to forward, forwarded: overdue, due this week, open)
/// through the index of agency, status and due date, then read every row from the table for `deleted_at`: for a
/// district's agency on the `--scale 1` data (22.000 forwarded petitions) that was 35 ms a page. The index now holds
/// `deleted_at` too, so the counts are answered from the index alone, as a council's are since M040.
struct M051_CoverAgencyCounts: IndexReplacement {
    static let table = "voter_petitions"
    static let old = (name: "voter_petitions_agency_id_status_due_date_idx", columns: ["agency_id", "status", "due_date"])
    static let new = (name: "voter_petitions_agency_status_due_idx", columns: ["agency_id", "status", "due_date", "deleted_at"])
}
