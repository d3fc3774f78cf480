/// How big a picture is drawn: as wide as allowed (`maxColumns` cells), never wider
/// than the picture itself (no blurry enlarging), the aspect ratio kept, no taller
/// than `maxRows` cells, and within the largest sixel picture the terminal reports.
struct ImageLayout: Equatable {
    let columns: Int
    let rows: Int
    let pixelWidth: Int
    let pixelHeight: Int

    init(imageWidth: Int, imageHeight: Int, cell: PixelSize, maxColumns: Int, maxRows: Int, maxPixels: PixelSize? = nil) {
        let aspect = Double(max(1, imageHeight)) / Double(max(1, imageWidth))
        var width = min(max(1, imageWidth), max(1, maxColumns) * cell.width, maxPixels?.width ?? Int.max)
        var height = max(1, Int((Double(width) * aspect).rounded()))
        let tallest = min(max(1, maxRows) * cell.height, maxPixels?.height ?? Int.max)
        if height > tallest {
            height = tallest
            width = max(1, Int((Double(height) / aspect).rounded()))
        }
        pixelWidth = width
        pixelHeight = height
        columns = max(1, min(max(1, maxColumns), (width + cell.width - 1) / cell.width))
        rows = max(1, (height + cell.height - 1) / cell.height)
    }
}
