import Fluent
import Foundation
import SQLKit

/// A backup is a folder: a consistent copy of the SQLite database (`hdnd.sqlite`, taken while the server runs) and the
/// documents' files (`files/`, named by their content). Restoring puts both back into a data folder.
public enum Backup {
    /// Writes `backups/hdnd-<time>/` under the data folder and returns its path. With PostgreSQL only the files are copied
    /// (the database is saved with `pg_dump`).
    public static func make(config: AppConfig, db: any Database, now: Date = Date()) async throws -> String {
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
        let folder = (config.dataDirectory as NSString).appendingPathComponent("backups/hdnd-\(stamp)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if config.databaseURL == nil {
            // VACUUM INTO writes a consistent copy while the server keeps running.
            try await db.sql.raw("VACUUM INTO \(bind: (folder as NSString).appendingPathComponent("hdnd.sqlite"))").run()
        }
        try copyFiles(from: config.filesDirectory, to: (folder as NSString).appendingPathComponent("files"))
        return folder
    }

    /// Puts a backup folder back into `config`'s data folder: refuses to overwrite a database there unless `replace`.
    public static func restore(from folder: String, config: AppConfig, replace: Bool) throws {
        let fm = FileManager.default
        let database = (folder as NSString).appendingPathComponent("hdnd.sqlite")
        guard fm.fileExists(atPath: database) else { throw BackupError("Không thấy tệp hdnd.sqlite trong thư mục sao lưu \(folder).") }
        try fm.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        if fm.fileExists(atPath: config.sqlitePath) {
            guard replace else { throw BackupError("Thư mục dữ liệu đã có cơ sở dữ liệu; dùng --replace để ghi đè (hãy dừng máy chủ trước).") }
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: config.sqlitePath + suffix) }
        }
        try fm.copyItem(atPath: database, toPath: config.sqlitePath)
        try copyFiles(from: (folder as NSString).appendingPathComponent("files"), to: config.filesDirectory)
    }

    /// Copies every file not there yet (a file's name is its content's hash: one already there is the same file).
    static func copyFiles(from: String, to: String) throws {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: from) else { return }
        while let relative = walker.nextObject() as? String {
            let source = (from as NSString).appendingPathComponent(relative), target = (to as NSString).appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: source, isDirectory: &isFolder), !isFolder.boolValue, !relative.contains(".tmp-"),
                  !fm.fileExists(atPath: target) else { continue }
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.copyItem(atPath: source, toPath: target)
        }
    }

    public struct BackupError: Error, CustomStringConvertible { public let description: String; init(_ d: String) { description = d } }
}
