import Fluent
import Foundation

public enum UnitLevel: String, Codable, CaseIterable, Sendable {
    case province, district, commune
    public var label: String {
        switch self { case .province: "Cấp tỉnh"; case .district: "Cấp huyện"; case .commune: "Cấp xã" }
    }
}

public enum UnitKind: String, Codable, CaseIterable, Sendable {
    case thanhpho, tinh, quan, huyen, thixa, phuong, xa, thitran, dackhu
    /// "Quận Hai Bà Trưng": the kind before the name, as every list and report writes a unit.
    public func fullName(_ name: String) -> String { "\(label) \(name)" }
    public var label: String {
        switch self {
        case .thanhpho: "Thành phố"
        case .tinh: "Tỉnh"
        case .quan: "Quận"
        case .huyen: "Huyện"
        case .thixa: "Thị xã"
        case .phuong: "Phường"
        case .xa: "Xã"
        case .thitran: "Thị trấn"
        case .dackhu: "Đặc khu"
        }
    }
}

/// Đơn vị hành chính. A node of the unit tree, valid between two days (either open),
/// so the tree before 1 July 2025 and the tree after both stay queryable.
public final class AdministrativeUnit: Model, ListedFields, @unchecked Sendable {
    public static let schema = "units"
    @ID(custom: .id) public var id: Int?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "level") public var level: UnitLevel
    @Field(key: "kind") public var kind: UnitKind
    @OptionalField(key: "parent_id") public var parentID: Int?
    /// "/1/7/256/": ids from the root down, so a subtree is one indexed prefix match.
    @Field(key: "path") public var path: String

    /// The ids of the units on a path ("/1/7/256/" → 1, 7, 256), root first: the unit itself last.
    public static func ids(onPath path: String) -> [Int] { path.split(separator: "/").compactMap { Int($0) } }
    @OptionalField(key: "valid_from") public var validFrom: String?
    @OptionalField(key: "valid_to") public var validTo: String?
    @Field(key: "folded") public var folded: String
    @Field(key: "version") public var version: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Timestamp(key: "deleted_at", on: .delete) public var deletedAt: Date?

    public init() {}
    public var listedFields: [any AnyProperty] {
        [_id, _code, _name, _level, _kind, _parentID, _path, _validFrom, _validTo, _folded, _version, _createdAt, _updatedAt, _deletedAt]
    }

    /// "Quận Hai Bà Trưng"
    public var fullName: String { kind.fullName(name) }
}

/// Whether a unit had a People's Council during a period. Without a row the unit has one;
/// Hà Nội's wards, for example, had none from 1 July 2021 to 30 June 2025.
public final class UnitCouncilPeriod: Model, ListedFields, @unchecked Sendable {
    public static let schema = "unit_council_periods"
    @ID(custom: .id) public var id: Int?
    @Field(key: "unit_id") public var unitID: Int
    @OptionalField(key: "valid_from") public var validFrom: String?
    @OptionalField(key: "valid_to") public var validTo: String?
    @Field(key: "has_council") public var hasCouncil: Bool
    @Field(key: "note") public var note: String
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _unitID, _validFrom, _validTo, _hasCouncil, _note] }
}

/// Old → new: which of today's communes a pre-2025 commune became part of.
public final class UnitSuccession: Model, ListedFields, @unchecked Sendable {
    public static let schema = "unit_successions"
    @ID(custom: .id) public var id: Int?
    @Field(key: "old_unit_id") public var oldUnitID: Int
    @Field(key: "new_unit_id") public var newUnitID: Int
    /// When a commune was divided, the part that carries most of it.
    @Field(key: "is_default") public var isDefault: Bool
    public init() {}
    public var listedFields: [any AnyProperty] { [_id, _oldUnitID, _newUnitID, _isDefault] }
}
