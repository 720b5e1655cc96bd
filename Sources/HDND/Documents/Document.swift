import Fluent
import Foundation
import ZIPFoundation

/// A file attached to a record (a session's item, a resolution, an oversight's plan or report): kept once under the data
/// folder by the SHA-256 of its content, with the name it was uploaded under; internal unless marked public.
public final class Document: Model, ListedFields, @unchecked Sendable {
    public static let schema = "documents"
    @ID(custom: .id) public var id: Int?
    @Field(key: "record_type") public var recordType: String
    @Field(key: "record_id") public var recordID: Int
    @Field(key: "unit_id") public var unitID: Int
    @Field(key: "file_name") public var fileName: String
    @Field(key: "kind") public var kind: DocumentKind
    @Field(key: "size") public var size: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "is_public") public var isPublic: Bool
    @OptionalField(key: "uploaded_by") public var uploadedBy: String?
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?
    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _recordType, _recordID, _unitID, _fileName, _kind, _size, _sha256, _isPublic, _uploadedBy, _version, _createdAt, _updatedAt,
         _deletedAt]
    }
}

/// The kinds of file accepted, each recognised by its content, never by its name.
public enum DocumentKind: String, Codable, CaseIterable, Sendable {
    case pdf, docx, xlsx, odt, png, jpeg

    public var label: String {
        switch self { case .pdf: "PDF"; case .docx: "Word"; case .xlsx: "Excel"; case .odt: "OpenDocument"; case .png: "Ảnh PNG"; case .jpeg: "Ảnh JPEG" }
    }
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// What `bytes` are, read from their first bytes and, for the zipped formats, from the parts inside.
    public static func sniff(_ bytes: [UInt8]) -> DocumentKind? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        guard starts([0x50, 0x4B, 0x03, 0x04]), let archive = try? Archive(data: Data(bytes), accessMode: .read) else { return nil }
        if archive["word/document.xml"] != nil && archive["[Content_Types].xml"] != nil { return .docx }
        if archive["xl/workbook.xml"] != nil && archive["[Content_Types].xml"] != nil { return .xlsx }
        if let entry = archive["mimetype"] {
            var text = Data()
            _ = try? archive.extract(entry, consumer: { text.append($0) })
            if String(decoding: text, as: UTF8.self) == DocumentKind.odt.contentType { return .odt }
        }
        return nil
    }
}
