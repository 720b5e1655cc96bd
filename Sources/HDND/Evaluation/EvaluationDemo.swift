import Fluent

/// Demo criteria of this year: the city scores the wards, the ward scores its delegates (seed 000: "phát động phong trào
/// thi đua công tác HĐND"; the seeds give no weights, these are the demo's).
extension DemoBuilder {
    func evaluationNow(city: Int, ward: Int) async throws {
        let year = String(Day.today().year)
        for (council, scope, measure, expected, weight) in [(city, "eachCouncilBelow", "supervisions", 2, 30), (city, "eachCouncilBelow", "voterMeetings", 4, 30),
                                                            (city, "eachCouncilBelow", "receptionSessions", 12, 20), (city, "eachCouncilBelow", "questions", 2, 20),
                                                            (ward, "eachDelegate", "receptionSessions", 4, 50), (ward, "eachDelegate", "questions", 1, 50)] {
            _ = try await entered(EvaluationCriterion.self, ["councilID": String(council), "year": year, "scope": scope, "measure": measure,
                                                             "expected": String(expected), "weight": String(weight)])
        }
    }
}
