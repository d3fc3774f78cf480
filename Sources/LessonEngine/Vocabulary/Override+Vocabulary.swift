import LessonLanguage

extension Override {
    /// `--set NAME=VALUE` with the lesson vocabulary's constructors (`Override.parse(_:calls:)`).
    static func parse(_ text: String) throws -> (name: String, value: Value) {
        try parse(text, calls: Vocabulary.table)
    }
}
