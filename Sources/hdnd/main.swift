import HDND
import Logging
import NIOCore
import NIOPosix
import Vapor

// Swift concurrency runs on NIO's event loops instead of a pool of its own: an awaited query then resumes on the loop
// that read it, without two thread switches per query (measured in docs/BENCHMARKS.md). Must come before any await.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
// `--demo` is ours, not Vapor's serve command's: taken out before the command line is handed on.
let demo = env.arguments.contains("--demo")
env.arguments.removeAll { $0 == "--demo" }
// `hdnd restore FOLDER [--replace]` puts a backup back before anything opens the database it replaces.
if env.arguments.dropFirst().first == "restore" {
    let rest = env.arguments.dropFirst(2)
    guard let folder = rest.first(where: { !$0.hasPrefix("--") }) else {
        print("Cách dùng: hdnd restore THƯ_MỤC_SAO_LƯU [--replace]  (khôi phục cơ sở dữ liệu SQLite và các tệp tài liệu)")
        exit(1)
    }
    do {
        try Backup.restore(from: folder, config: .fromEnvironment(env), replace: rest.contains("--replace"))
        print("Đã khôi phục từ \(folder)")
        exit(0)
    } catch {
        print("Chưa khôi phục được: \(error)")
        exit(1)
    }
}
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
