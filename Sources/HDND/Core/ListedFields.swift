import FluentKit
import NIOConcurrencyHelpers

/// A model that names its fields in a list instead of letting Fluent find them by reflection.
///
/// Fluent finds a model's fields (`Fields.properties`) by walking its stored properties with the runtime's reflection,
/// which decodes each property's type from its mangled name — for every row read, every query built (the columns it
/// selects, the soft-delete filter) and every write. On the pages that read models (a session, the calendar, a briefing)
/// that walk was a quarter of the server's CPU (perf, session 27). The list is the model's `@ID`, `@Field`,
/// `@OptionalField` and `@Timestamp` wrappers in the order they are declared.
///
/// A field added to the model and not to its list would be neither read nor written; so, in debug builds (the tests, the
/// demo), the first use of each type compares its list with reflection and stops at once on a difference, and
/// `ListedFieldsTests` compares every model's.
public protocol ListedFields: Fields {
    var listedFields: [any AnyProperty] { get }
}

extension ListedFields {
    public var properties: [any AnyProperty] {
        let listed = listedFields
        #if DEBUG
        ListedFieldsCheck.once(Self.self) {
            if let problem = ListedFieldsCheck.mismatch(self, listed) { preconditionFailure(problem) }
        }
        #endif
        return listed
    }
}

enum ListedFieldsCheck {
    /// What is wrong with a model's list, compared with its fields as reflection finds them; nil when they agree.
    static func mismatch<M: ListedFields>(_ model: M, _ listed: [any AnyProperty]) -> String? {
        let reflected = Mirror(reflecting: model).children.compactMap { child in (child.value as? any AnyProperty).map { (child.label ?? "?", $0) } }
        if reflected.count == listed.count, zip(reflected, listed).allSatisfy({ $0.1 === $1 }) { return nil }
        let names = reflected.map(\.0).joined(separator: ", ")
        return "\(M.self).listedFields lists \(listed.count) fields; the model declares \(reflected.count), in this order: \(names)"
    }

    #if DEBUG
    private static let checked = NIOLockedValueBox(Set<ObjectIdentifier>())
    static func once(_ type: Any.Type, _ body: () -> Void) {
        if checked.withLockedValue({ $0.insert(ObjectIdentifier(type)).inserted }) { body() }
    }
    static func wasChecked(_ type: Any.Type) -> Bool { checked.withLockedValue { $0.contains(ObjectIdentifier(type)) } }
    #endif
}
