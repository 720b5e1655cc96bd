import Vapor

func routes(_ app: Application) throws {
    HomeController().register(app)
    AuthController().register(app)
    DirectoryController().register(app)
    SearchController().register(app)
    ApiController.register(app)
    VotersController().register(app)
    ReceptionController().register(app)

    // Pages that need an account.
    let signedIn = app.grouped(RequireSignIn())
    AuditController().register(signedIn)
    AccountsController().register(signedIn)
    RecordPages<AdministrativeUnit>().register(signedIn)
    RecordPages<Council>().register(signedIn)
    RecordPages<Term>().register(signedIn)
    RecordPages<Body>().register(signedIn)
    RecordPages<Constituency>().register(signedIn)
    RecordPages<Person>().register(signedIn)
    RecordPages<Membership>().register(signedIn)
    RecordPages<Organization>().register(signedIn)
    RecordPages<VoterMeeting>().register(signedIn)
    RecordPages<VoterPetition>().register(signedIn)
    VotersController().registerSignedIn(signedIn)
    SummaryController().register(signedIn)
    RecordPages<Letter>().register(signedIn)
    LettersController().register(signedIn)
    RecordPages<ReceptionSchedule>().register(signedIn)
    RecordPages<ReceptionVisit>().register(signedIn)
    ReceptionController().registerSignedIn(signedIn)
    ImportController().register(signedIn)
}
