import HDND
import Logging
import Vapor

var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
// `--demo` is ours, not Vapor's serve command's: taken out before the command line is handed on.
let demo = env.arguments.contains("--demo")
env.arguments.removeAll { $0 == "--demo" }
let app = try await Application.make(env)
do {
    try await configure(app)
    // `hdnd` alone and `hdnd serve` run the server; on a fresh machine they also migrate (and load the demo with --demo).
    let command = env.arguments.dropFirst().first
    if command == nil || command == "serve" { try await prepareForServe(app, demo: demo) }
    try await app.execute()
} catch {
    // Said once, then a plain exit code: an error thrown from here would end in a crash report.
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
