import Fluent
import Vapor

/// Every migration, in order. One migration per file under Migrations/; add new ones at the end.
func registerMigrations(_ app: Application) {
    app.migrations.add(M001_CreateUnits())
    app.migrations.add(M002_CreateCouncils())
    app.migrations.add(M003_CreatePeople())
    app.migrations.add(M004_CreateAccounts())
    app.migrations.add(M005_CreateAudit())
    app.migrations.add(M006_CreateSearch())
    app.migrations.add(M007_CreateVoters())
    app.migrations.add(M008_CreateLetters())
    app.migrations.add(M009_CreateReception())
    app.migrations.add(M010_AddPetitionMerge())
    app.migrations.add(M011_AddReportIndexes())
    app.migrations.add(M012_AddLetterNumbers())
    app.migrations.add(M013_CreateSessions())
    app.migrations.add(M014_CreateSummaryCounts())
    app.migrations.add(M015_AddLetterDecisions())
    // Fluent's own session table, from before `web_sessions` (M016): kept so that existing databases stay in step.
    app.migrations.add(SessionRecord.migration)
    app.migrations.add(M016_Security())
    app.migrations.add(M017_AddDelegatedVerification())
    app.migrations.add(M018_AddComplexityFinding())
    app.migrations.add(M019_AddComplainedDecisionDay())
    app.migrations.add(M020_AddVisitNotice())
    app.migrations.add(M021_AddSuspension())
    app.migrations.add(M022_CreateHolidayDecisions())
    app.migrations.add(M023_AddNoticeDays())
    app.migrations.add(M024_AddSenderSearch())
    app.migrations.add(M025_CreateHandovers())
    app.migrations.add(M026_CreateNotifications())
    app.migrations.add(M027_AddListSearch())
    app.migrations.add(M028_AddLetterNextDue())
    app.migrations.add(M029_AddSimilarPetitionIndex())
    app.migrations.add(M030_CreateTasks())
    app.migrations.add(M031_AddListOrderIndexes())
}
