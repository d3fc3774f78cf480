/// How a Markdown image, `![alt](path)`, shows in the terminal: `[image: alt, path]`,
/// styled like a link, with the path as the lesson wrote it (relative to the lesson's
/// folder). This is the one place that decides it: a change that draws the picture
/// itself starts here.
enum ProseImage {
    static func runs(alt: String, path: String) -> [InlineRun] {
        let description = InlineMarkdown.runs(alt).map(\.text).joined()
        return [InlineRun(text: "[image: " + (description.isEmpty ? path : description + ", " + path) + "]", link: true)]
    }
}
