import Fluent
import NIOConcurrencyHelpers
import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UnitsCommand(), as: "units")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(NotifyCommand(), as: "notify")
}

/// `hdnd serve` on a fresh machine: migrate; with `--demo`, load the demo into an empty database; otherwise, on a
/// database without accounts, create the first administrator with a random password shown once. Say where to go.
public func prepareForServe(_ app: Application, demo: Bool) async throws {
    try await app.autoMigrate()
    try await SessionStore.purge(on: app.db)
    if demo, try await DemoData.isEmpty(on: app.db) {
        app.logger.notice("Đang nạp dữ liệu mẫu (danh mục đơn vị hành chính và các HĐND của Hà Nội)…")
        try await DemoData.load(on: app.db, hash: { try app.password.hash($0) }) { app.logger.notice("\($0)") }
    }
    if try await User.query(on: app.db).withDeleted().count() == 0 {
        if try await AdministrativeUnit.query(on: app.db).count() == 0 {
            app.logger.notice("Đang nạp danh mục đơn vị hành chính…")
            _ = try await UnitsImporter.run(on: app.db, provinces: nil) { app.logger.notice("\($0)") }
        }
        let password = [UInt8].random(count: 12).base64URLEncoded
        _ = try await Accounts.createUser(username: "admin", fullName: "Quản trị hệ thống", password: password, role: .admin,
                                          councilID: nil, organizationID: nil, by: nil, mustChangePassword: true,
                                          hash: { try app.password.hash($0) }, on: app.db)
        print("""

            Đã tạo tài khoản quản trị đầu tiên (chỉ hiện một lần, hãy ghi lại):
              tên đăng nhập: admin
              mật khẩu:      \(password)
            Lần đăng nhập đầu tiên sẽ yêu cầu đổi mật khẩu.
            """)
    }
    let accounts = try await DemoData.listedAccounts(on: app.db)
    if !accounts.isEmpty {
        print("\nTài khoản mẫu (mật khẩu \(DemoData.password)):")
        for a in accounts { print("  \(a.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(a.role) — \(a.place)") }
    }
    print("\nHĐND Số đang chạy tại \(serveAddress(app))\n")
    // Due-tomorrow and overdue notifications every hour, the e-mail digest once a day when a relay is configured.
    app.lifecycle.use(NotificationScheduler())
    // Petitions entered since the last minute join the clusters of the same problem raised elsewhere.
    app.lifecycle.use(PetitionClusterer())
}

/// The address `serve` will listen on: its --hostname/--port flags, else the configured defaults.
func serveAddress(_ app: Application) -> String {
    let args = app.environment.arguments
    func flag(_ names: String...) -> String? {
        guard let i = args.firstIndex(where: { names.contains($0) }), i + 1 < args.count else { return nil }
        return args[i + 1]
    }
    let host = flag("--hostname", "-H") ?? app.http.server.configuration.hostname
    let port = flag("--port", "-p") ?? String(app.http.server.configuration.port)
    return "http://\(host):\(port)"
}

struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "force", help: "Nạp cả khi cơ sở dữ liệu đã có dữ liệu") var force: Bool
        @Option(name: "scale", help: "Sinh thêm bộ dữ liệu lớn: N=1 ≈ một tỉnh (1.000.000 kiến nghị, 300.000 đơn thư, 200.000 lượt tiếp)") var scale: Double?
    }
    var help: String { "Nạp dữ liệu mẫu (danh mục đơn vị hành chính, các HĐND của Hà Nội, tài khoản mẫu)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if let scale = signature.scale {
            guard scale > 0 && scale <= 20 else { throw ValidationFailure(field: "scale", "scale phải lớn hơn 0 và không quá 20.") }
            if try await DemoData.isEmpty(on: app.db) {
                try await DemoData.load(on: app.db, hash: { try app.password.hash($0) }) { context.console.print($0) }
            }
            // The bar redraws its line: what each step reports is told once the bar is done.
            let bar = context.console.progressBar(title: "Sinh dữ liệu lớn (×\(scale))")
            let told = NIOLockedValueBox<[String]>([])
            bar.start()
            let result: DemoScale.Result
            // SQLite writes the generated rows without waiting for the disk at each bulk load's checkpoint (2,2 s of the
            // 61 s of `--scale 1`): data that can be generated again, into a database made for it (`generate` refuses one
            // with accounts of its own, or generated into before). A power cut meanwhile can spoil that database; back to
            // NORMAL after, also on failure.
            let sqlite = app.db.isSQLite
            if sqlite { try await setOnEverySQLiteConnection(app, ["synchronous = OFF"]) }
            do {
                result = try await DemoScale.generate(scale: scale, on: app.db, progress: { message in told.withLockedValue { $0.append(message) } },
                                                      share: { bar.activity.currentProgress = $0 })
                if sqlite { try await setOnEverySQLiteConnection(app, ["synchronous = NORMAL"]) }
            } catch {
                if sqlite { try? await setOnEverySQLiteConnection(app, ["synchronous = NORMAL"]) }
                bar.fail()
                throw error
            }
            bar.succeed()
            for line in told.withLockedValue({ $0 }) { context.console.print(line) }
            context.console.success("Đã sinh \(VietnameseFormat.number(result.rows)) dòng trong \(Int(result.seconds)) giây.")
            return
        }
        let empty = try await DemoData.isEmpty(on: app.db)
        guard signature.force || empty else {
            context.console.warning("Cơ sở dữ liệu đã có dữ liệu; không nạp lại (dùng --force nếu chắc chắn).")
            return
        }
        try await DemoData.load(on: app.db, hash: { try app.password.hash($0) }) { context.console.print($0) }
        context.console.success("Đã nạp dữ liệu mẫu. Mật khẩu các tài khoản mẫu: \(DemoData.password)")
    }
}

struct UnitsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "import") var action: String
        @Option(name: "province", help: "Chỉ nạp một tỉnh, thành phố (mã, ví dụ 01)") var province: String?
    }
    var help: String { "hdnd units import: nạp danh mục đơn vị hành chính chính thức (trước và sau 01/07/2025)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "import" else { throw Abort(.badRequest, reason: "Lệnh không hợp lệ: dùng `hdnd units import`.") }
        let app = context.application
        try await app.autoMigrate()
        let result = try await UnitsImporter.run(on: app.db, provinces: signature.province.map { [$0] }) { context.console.print($0) }
        if let result {
            context.console.success("Đã nạp \(VietnameseFormat.number(result.legacy)) đơn vị trước 2025, \(VietnameseFormat.number(result.current)) đơn vị từ 01/07/2025, \(VietnameseFormat.number(result.successions)) liên kết cũ → mới.")
        } else {
            context.console.warning("Danh mục đơn vị hành chính đã có trong cơ sở dữ liệu; không nạp lại.")
        }
    }
}

struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create") var action: String
        @Option(name: "username", short: "u", help: "Tên đăng nhập") var username: String?
        @Option(name: "name", short: "n", help: "Họ và tên") var name: String?
        @Option(name: "password", short: "p", help: "Mật khẩu (ít nhất 8 ký tự)") var password: String?
        @Option(name: "role", short: "r", help: "admin, office, standing, delegate, agency") var role: String?
        @Option(name: "council", short: "c", help: "Mã số Hội đồng (với office, standing, delegate)") var council: Int?
        @Option(name: "organization", short: "o", help: "Mã số cơ quan (với agency)") var organization: Int?
    }
    var help: String { "hdnd user create -u TÊN -n 'Họ tên' -p MẬTKHẨU -r office -c MÃ_HĐND: tạo tài khoản" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw Abort(.badRequest, reason: "Lệnh không hợp lệ: dùng `hdnd user create`.") }
        let app = context.application
        try await app.autoMigrate()
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw ValidationFailure(field: "role", "Vai trò phải là một trong: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let user = try await Accounts.createUser(username: signature.username ?? "", fullName: signature.name ?? "",
                                                 password: signature.password ?? "", role: role, councilID: signature.council,
                                                 organizationID: signature.organization, by: nil, mustChangePassword: true,
                                                 hash: { try app.password.hash($0) }, on: app.db)
        context.console.success("Đã tạo tài khoản \(user.username) (\(role.label)); lần đăng nhập đầu tiên sẽ phải đổi mật khẩu.")
    }
}

struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Sao lưu cơ sở dữ liệu SQLite và các tệp tài liệu vào data/backups/ (PostgreSQL: chỉ các tệp; cơ sở dữ liệu dùng pg_dump)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let folder = try await Backup.make(config: app.config, db: app.db)
        if app.config.databaseURL != nil {
            context.console.warning("Đang dùng PostgreSQL: sao lưu cơ sở dữ liệu bằng `pg_dump \"$DATABASE_URL\" > hdnd.sql`.")
        }
        context.console.success("Đã sao lưu vào \(folder)")
    }
}

struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "petitions (kiến nghị cử tri) hoặc letters (đơn thư)") var kind: String
        @Argument(name: "file", help: "Đường dẫn tệp .xlsx hoặc .csv") var file: String
        @Option(name: "council", short: "c", help: "Mã số Hội đồng") var council: Int?
        @Flag(name: "valid-only", help: "Chỉ nhập các dòng hợp lệ") var validOnly: Bool
    }
    var help: String { "hdnd import petitions|letters TỆP.xlsx|TỆP.csv -c MÃ_HĐND [--valid-only]: nhập kiến nghị cử tri hoặc đơn thư" }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.kind {
        case "petitions": try await run(PetitionImport.self, context, signature)
        case "letters": try await run(LetterImport.self, context, signature)
        default: throw ValidationFailure(field: "kind", "Hãy chọn petitions (kiến nghị cử tri) hoặc letters (đơn thư).")
        }
    }

    func run<I: RecordImport>(_ type: I.Type, _ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let id = signature.council, let council = try await Council.find(id, on: app.db) else {
            throw ValidationFailure(field: "council", "Hãy chỉ rõ Hội đồng bằng -c MÃ_SỐ.")
        }
        let start = Date()
        let data = try Data(contentsOf: URL(fileURLWithPath: signature.file))
        let rows = try await I.checkInCouncil(try await I.check(data: data), council: council, db: app.db)
        let invalid = rows.filter { !$0.errors.isEmpty }
        for r in invalid.prefix(50) { context.console.warning("Dòng \(r.line): \(r.errors.joined(separator: " "))") }
        if invalid.count > 50 { context.console.warning("… và \(invalid.count - 50) dòng lỗi khác.") }
        if !invalid.isEmpty && !signature.validOnly {
            context.console.error("\(invalid.count) trên \(rows.count) dòng có lỗi: chưa nhập dòng nào (dùng --valid-only để bỏ qua dòng lỗi).")
            throw Abort(.unprocessableEntity)
        }
        let bar = context.console.progressBar(title: "Nhập \(rows.count - invalid.count) \(I.noun)")
        bar.start()
        let system = Actor(userID: 0, username: "hdnd-import", fullName: "Lệnh hdnd import", grants: [Grant(role: .admin)])
        let written: Int
        do {
            written = try await I.write(rows, council: council, actor: system, db: app.db) { share in bar.activity.currentProgress = share }
        } catch {
            bar.fail()
            throw error
        }
        bar.activity.currentProgress = 1
        bar.succeed()
        let seconds = Date().timeIntervalSince(start)
        context.console.success("Đã nhập \(VietnameseFormat.number(written)) \(I.noun) vào \(council.name) trong \(String(format: "%.1f", seconds).replacingOccurrences(of: ".", with: ",")) giây "
                                + "(\(VietnameseFormat.number(Int(Double(written) / max(seconds, 0.001)))) dòng/giây, tính cả đọc tệp).")
    }
}

/// `hdnd notify`: the notifications sweep and, when `HDND_SMTP_HOST` is set, the e-mail digest, once (for cron).
struct NotifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Tạo thông báo đến hạn, quá hạn và gửi thư tổng hợp (khi đã cấu hình HDND_SMTP_HOST)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let told = try await Notifications.sweep(db: app.db)
        context.console.print("Thông báo mới: \(told)")
        guard let settings = SMTPSettings.fromEnvironment() else {
            context.console.print("Chưa cấu hình HDND_SMTP_HOST: không gửi thư.")
            return
        }
        let out = try await Digest.send(settings: settings, baseURL: Environment.get("HDND_PUBLIC_URL"), db: app.db, threadPool: app.threadPool)
        context.console.print("Đã gửi \(out.messages) thư (\(out.notifications) thông báo).")
    }
}
