/// The program's version: what `lesson --version` prints and the `Software` text chunk
/// of every chart records ("lesson 0.12.0"). The one place it is written; raise it with
/// each release. Tests never compare image bytes that contain it (docs/charts.md).
public enum LessonVersion {
    public static let current = "0.12.0"

    /// `Software` of the charts' text chunks.
    public static var software: String { "lesson " + current }
}
