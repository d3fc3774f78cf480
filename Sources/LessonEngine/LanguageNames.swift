import LessonLanguage

/// Foundation has an `Expression` of its own: in this module the name means the cell
/// language's.
typealias Expression = LessonLanguage.Expression
