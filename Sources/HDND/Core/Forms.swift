import Fluent
import Vapor

public typealias FormInput = [String: String]

extension Dictionary where Key == String, Value == String {
    /// The rows checked on a list for a bulk action: its boxes are named `chon_<id>` with the value `true`.
    var chosenIDs: [Int] { keys.compactMap { $0.hasPrefix("chon_") && self[$0] == "true" ? Int($0.dropFirst(5)) : nil }.sorted() }
}

public extension Dictionary where Key == String, Value == String {
    /// The first of `keys` holding a whole number: a new record's owner is named `council` in a link and `councilID`
    /// in the form it posts.
    func id(_ keys: String...) -> Int? { keys.lazy.compactMap { self[$0].flatMap { Int($0) } }.first }
}

public struct FormOption: Encodable, Sendable {
    public let value: String
    public let label: String
    public let selected: Bool
}

/// A filter's choices as the template puts them in: `#unsafeHTML(x.html)`, written in Swift (see `HTML`) because a
/// select of twenty options cost Leaf more than the list's rows; `x.any` says whether there is any to offer.
public struct Options: Encodable, Sendable {
    public let html: HTML
    public let any: Bool

    public init(_ list: [FormOption]) {
        html = HTML.join(list.map { "<option value=\"\($0.value)\"\(HTML.when($0.selected, " selected"))>\($0.label)</option>" })
        any = !list.isEmpty
    }

    /// A list's filter on these choices, as the pages written in Swift show it: its label beside a select that starts
    /// with "Tất cả" (no filter); `name` is the query parameter and the control's id.
    func filter(_ name: String, label: String) -> HTML {
        """
        <span class="pair"><label for="\(name)">\(label)</label><select id="\(name)" name="\(name)">\
        <option value="">Tất cả</option>\(html)</select></span>
        """
    }
}

/// One labelled field of a form, with its current value and its error message, if any.
public struct FormField: Encodable, Sendable {
    public let name: String
    public let label: String
    public let type: String
    public let value: String
    public let error: String?
    public let required: Bool
    public let hint: String?
    public let options: [FormOption]
    /// "kind:complaint denunciation": shown only while the form's `kind` holds one of these (app.js); all are shown without script.
    public var showWhen: String? = nil

}

/// Builds a form's fields: the value shown is what the person typed (after a failed save)
/// or else the record's current value; the error is the validator's message for the field.
public struct FormBuilder {
    let input: FormInput?
    let errors: ValidationFailure?
    public private(set) var fields: [FormField] = []
    /// The condition the fields added now carry (`when`).
    private var condition: String? = nil

    /// Where a form's option lists are kept between requests (`FigureCache`): a record's form shown again and again
    /// reads its council's delegates, schedules or agencies once while the records stay the same.
    let kept: FigureCache

    public init(input: FormInput?, errors: ValidationFailure?) { self.init(input: input, errors: errors, kept: .none) }
    init(input: FormInput?, errors: ValidationFailure?, kept: FigureCache) { self.input = input; self.errors = errors; self.kept = kept }

    private func shown(_ name: String, _ current: String?) -> String { input?[name] ?? current ?? "" }

    public mutating func text(_ name: String, _ label: String, _ current: String?, required: Bool = false,
                              hint: String? = nil, type: String = "text") {
        add(FormField(name: name, label: label, type: type, value: shown(name, current),
                                error: errors?.message(for: name), required: required, hint: hint, options: []))
    }

    public mutating func textarea(_ name: String, _ label: String, _ current: String?, required: Bool = false, hint: String? = nil) {
        add(FormField(name: name, label: label, type: "textarea", value: shown(name, current),
                                error: errors?.message(for: name), required: required, hint: hint, options: []))
    }

    /// A day shown as 26/04/2022; typed back either that way or as ISO.
    public mutating func day(_ name: String, _ label: String, _ currentISO: String?, required: Bool = false) {
        text(name, label, currentISO.map { VietnameseFormat.date($0) }, required: required, hint: "Dạng ngày/tháng/năm, ví dụ 26/04/2022")
    }

    public mutating func select(_ name: String, _ label: String, _ current: String?, options: [(String, String)],
                                required: Bool = true, blank: String? = nil, hint: String? = nil) {
        let value = shown(name, current)
        var opts = blank.map { [FormOption(value: "", label: $0, selected: value.isEmpty)] } ?? []
        opts += options.map { FormOption(value: $0.0, label: $0.1, selected: $0.0 == value) }
        add(FormField(name: name, label: label, type: "select", value: value,
                                error: errors?.message(for: name), required: required, hint: hint, options: opts))
    }

    /// Several yes/no choices under one label: each option posts `name_value=true` when ticked.
    public mutating func checkboxes(_ name: String, _ label: String, _ current: Set<String>, options: [(String, String)], hint: String? = nil) {
        let ticked = input.map { i in Set(options.map(\.0).filter { i["\(name)_\($0)"] == "true" }) } ?? current
        add(FormField(name: name, label: label, type: "checkboxes", value: "", error: errors?.message(for: name), required: false,
                                hint: hint, options: options.map { FormOption(value: $0.0, label: $0.1, selected: ticked.contains($0.0)) }))
    }

    /// A heading that starts a group of fields (a long form read as its steps: receipt, handling, result).
    public mutating func section(_ title: String, hint: String? = nil) {
        add(FormField(name: "", label: title, type: "section", value: "", error: nil, required: false, hint: hint, options: []))
    }

    public mutating func hidden(_ name: String, _ value: String) {
        add(FormField(name: name, label: "", type: "hidden", value: shown(name, value),
                                error: errors?.message(for: name), required: false, hint: nil, options: []))
    }

    private mutating func add(_ field: FormField) {
        var f = field
        f.showWhen = condition
        fields.append(f)
    }

    /// Fields that concern only some values of another field (the letter's kind): added inside `body`.
    public mutating func when(_ field: String, is values: [String], _ body: (inout FormBuilder) throws -> Void) rethrows {
        let saved = condition
        condition = "\(field):" + values.joined(separator: " ")
        try body(&self)
        condition = saved
    }

    public static func choices<E: CaseIterable & RawRepresentable>(_ type: E.Type, label: (E) -> String) -> [(String, String)]
        where E.RawValue == String { E.allCases.map { ($0.rawValue, label($0)) } }
}

/// A record that can be created and edited through a form (and the same fields through the API).
public protocol FormEditable: EditableRecord {
    /// A new record carrying what the query names (the council, the body, the unit it belongs to).
    static func blank(_ query: FormInput, on db: any Database) async throws -> Self
    func formFields(_ b: inout FormBuilder, on db: any Database) async throws
    /// Checks `input` and applies it; throws `ValidationFailure` naming each bad field and changes nothing then.
    func apply(_ input: FormInput, on db: any Database) async throws
    /// Where to go after saving: the page that shows the record.
    func viewPath(on db: any Database) async throws -> String
    /// The same two, knowing who edits: a record whose fields depend on it (a confidential identity) implements these.
    func formFields(_ b: inout FormBuilder, actor: Actor?, on db: any Database) async throws
    func apply(_ input: FormInput, actor: Actor?, on db: any Database) async throws
    /// Runs in the creating transaction, after the insert (derived fields, standard children).
    func afterInsert(actor: Actor?, on db: any Database) async throws
    /// Runs in the saving transaction, after the update.
    func afterSave(actor: Actor?, on db: any Database) async throws
}

public extension FormEditable {
    func formFields(_ b: inout FormBuilder, actor: Actor?, on db: any Database) async throws { try await formFields(&b, on: db) }
    func apply(_ input: FormInput, actor: Actor?, on db: any Database) async throws { try await apply(input, on: db) }
    func afterInsert(actor: Actor?, on db: any Database) async throws {}
    func afterSave(actor: Actor?, on db: any Database) async throws {}
}

extension FormField {
    /// The field as every form shows it (record forms, a petition's next steps, a task's report, a question's answer,
    /// the new account): the one writer of a field's markup. Written here rather than looped over in a template, where
    /// Leaf's comparisons of each field's type were a quarter of a form page (`perf`, issue 11). Values are escaped by
    /// `HTML`'s interpolation, as Leaf's `#()` escaped them. `form` names the form when a page holds several (a
    /// petition's steps): its fields' ids then begin with it ("chuyen-agencyID"), else with "f-".
    func html(in form: String? = nil) -> HTML {
        let id = form.map { "\($0)-\(name)" } ?? "f-\(name)", errorID = "e-" + (form.map { "\($0)-" } ?? "") + name
        let shown: HTML = showWhen.map { " data-show-when=\"\($0)\"" } ?? .empty
        let hintHTML: HTML = hint.map { "<p class=\"hint\">\($0)</p>" } ?? .empty
        let errorHTML: HTML = error.map { "<p class=\"error\" id=\"\(errorID)\">\($0)</p>" } ?? .empty
        let invalid: HTML = HTML.when(error != nil, " aria-invalid=\"true\" aria-describedby=\"\(errorID)\"")
        switch type {
        case "hidden":
            let alert: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>\n" } ?? .empty
            return "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">\n\(alert)"
        case "section":
            let note: HTML = hint.map { "<p class=\"hint form-section\"\(shown)>\($0)</p>\n" } ?? .empty
            return "<h2 class=\"form-section\"\(shown)>\(label)</h2>\n\(note)"
        case "checkboxes":
            let boxes = HTML.join(options.map {
                "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)_\($0.value)\" value=\"true\"\(HTML.when($0.selected, " checked"))> \($0.label)</label>\n" as HTML
            })
            return """
                <fieldset class="field checks\(HTML.when(error != nil, " has-error"))"\(HTML.when(error != nil, " aria-describedby=\"\(errorID)\""))\(shown)>
                <legend>\(label)</legend>
                \(boxes)\(hintHTML)\(errorHTML)</fieldset>

                """
        default:
            let control: HTML = switch type {
            case "select":
                "<select id=\"\(id)\" name=\"\(name)\"\(HTML.when(required, " required"))\(invalid)>\(Options(options).html)</select>"
            case "textarea":
                "<textarea id=\"\(id)\" name=\"\(name)\" rows=\"4\"\(invalid)>\(value)</textarea>"
            default:
                "<input id=\"\(id)\" name=\"\(name)\" type=\"\(type)\" value=\"\(value)\"\(HTML.when(required, " required"))\(invalid)>"
            }
            return """
                <div class="field\(HTML.when(type == "textarea", " full"))\(HTML.when(error != nil, " has-error"))"\(shown)>
                <label for="\(id)">\(label)\(HTML.when(required, " <span class=\"req\" aria-hidden=\"true\">*</span>"))</label>
                \(control)
                \(hintHTML)\(errorHTML)</div>

                """
        }
    }
}

extension FormPage {
    private enum CodingKeys: String, CodingKey {
        case layout, heading, owner, action, fieldsHTML, version, generalError, cancelHref, submitLabel, identityGrantAction, sectioned
    }

    /// The fields go to `Core/form` as their HTML (`FormField.html`).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(layout, forKey: .layout); try c.encode(heading, forKey: .heading); try c.encodeIfPresent(owner, forKey: .owner)
        try c.encode(action, forKey: .action); try c.encode(HTML.join(fields.map { $0.html() }), forKey: .fieldsHTML)
        try c.encodeIfPresent(version, forKey: .version); try c.encodeIfPresent(generalError, forKey: .generalError)
        try c.encode(cancelHref, forKey: .cancelHref); try c.encode(submitLabel, forKey: .submitLabel)
        try c.encodeIfPresent(identityGrantAction, forKey: .identityGrantAction); try c.encode(sectioned, forKey: .sectioned)
    }
}
