import Foundation

/// How a Markdown image, `![alt](path)`, shows in the terminal: `[image: alt, path]`,
/// styled like a link, with the path as the lesson wrote it (relative to the lesson's
/// folder); and, where the terminal can draw pictures (`style.images`), the PNG
/// itself under the paragraph, the text line serving as its caption. This is the one
/// place that decides it.
enum ProseImage {
    static func runs(alt: String, path: String) -> [InlineRun] {
        let description = InlineMarkdown.runs(alt).map(\.text).joined()
        return [InlineRun(text: "[image: " + (description.isEmpty ? path : description + ", " + path) + "]", link: true,
                          imagePath: path)]
    }

    /// The pictures a paragraph links, drawn at most `width` (and 100) columns wide, as
    /// lines to follow the paragraph's; none when the terminal draws no pictures, or
    /// for a file that is not there, not a PNG, or on the web.
    static func pictures(in paragraph: String, style: TerminalStyle, width: Int) -> [String] {
        guard let images = style.images, paragraph.contains("![") else { return [] }
        return InlineMarkdown.runs(paragraph).compactMap(\.imagePath).compactMap { path in
            guard !path.contains("://") else { return nil }
            let file = path.hasPrefix("/") ? path : (style.imageFolder as NSString).appendingPathComponent(path)
            return images.picture(file: file, maxColumns: min(width, 100))
        }
    }
}
