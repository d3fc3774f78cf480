/// The six kinds of cell a lesson can contain, in the order a lesson usually runs them.
///
/// A fenced block is a cell when the first word of its info string is one of these
/// raw values (```` ```model ````); any other fence is prose.
public enum StepKind: String, CaseIterable, Sendable, Hashable {
    case setup, constants, model, data, fit, validate
}
