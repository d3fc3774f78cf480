import Plot

/// A chart PNG decoded by libpng and measured as a reader of the chart would measure it:
/// the plot area is found from the frame's pixels, data are placed by the documented
/// axis rule (data range widened by a fixed fraction on each side), and pixels are
/// classified by colour. Nothing here asks the chart's layout where it drew, so the
/// checks built on it are an oracle independent of the drawing code.
struct ChartImage {
    let image: PNGImage
    /// The plot area: the pixels inside the one-pixel frame, `maxX`/`maxY` exclusive.
    let plot: (minX: Int, minY: Int, maxX: Int, maxY: Int)

    struct Unreadable: Error, CustomStringConvertible { let description: String }

    /// Reads `path` and finds the frame: the rows and columns of `frame` colour that span
    /// more than half the image.
    init(path: String, frame: Color) throws {
        image = try PNGReader.read(path)
        guard image.width > 0, image.height > 0, image.pixels.count == image.width * image.height * 4 else {
            throw Unreadable(description: "\(path): \(image.width)×\(image.height) with \(image.pixels.count) bytes")
        }
        let image = self.image
        let rows = (0..<image.height).filter { y in (0..<image.width).filter { image.pixel(x: $0, y: y) == frame }.count > image.width / 2 }
        let columns = (0..<image.width).filter { x in (0..<image.height).filter { image.pixel(x: x, y: $0) == frame }.count > image.height / 2 }
        guard let top = rows.first, let bottom = rows.last, let left = columns.first, let right = columns.last,
              bottom - top > 2, right - left > 2 else {
            throw Unreadable(description: "\(path): no frame of \(frame.hexString) (rows \(rows), columns \(columns))")
        }
        plot = (left + 1, top + 1, right, bottom)
    }

    /// Every pixel of the plot area with its colour.
    func plotPixels() -> [(x: Int, y: Int, color: Color)] {
        var found: [(x: Int, y: Int, color: Color)] = []
        for y in plot.minY..<plot.maxY {
            for x in plot.minX..<plot.maxX {
                if let color = image.pixel(x: x, y: y) { found.append((x, y, color)) }
            }
        }
        return found
    }

    /// The pixels of the whole image of exactly `color`.
    func pixels(of color: Color) -> [(x: Int, y: Int)] {
        var found: [(x: Int, y: Int)] = []
        for y in 0..<image.height {
            for x in 0..<image.width where image.pixel(x: x, y: y) == color { found.append((x, y)) }
        }
        return found
    }

    /// Maps data to pixel coordinates: the axis range is the data range widened by
    /// `xMargin` and `yMargin` of its span on each side, spread over the plot area, y up.
    func mapping(xData: ClosedRange<Double>, yData: ClosedRange<Double>, xMargin: Double, yMargin: Double)
        -> (Double, Double) -> (x: Double, y: Double) {
        let xSpan = xData.upperBound - xData.lowerBound, ySpan = yData.upperBound - yData.lowerBound
        let xLow = xData.lowerBound - xMargin * xSpan, xHigh = xData.upperBound + xMargin * xSpan
        let yLow = yData.lowerBound - yMargin * ySpan, yHigh = yData.upperBound + yMargin * ySpan
        let plot = self.plot
        return { x, y in
            (Double(plot.minX) + (x - xLow) / (xHigh - xLow) * Double(plot.maxX - plot.minX),
             Double(plot.maxY) - (y - yLow) / (yHigh - yLow) * Double(plot.maxY - plot.minY))
        }
    }

    /// Distance from the centre of pixel (x, y) to the nearest segment of `runs`
    /// (polylines in pixel coordinates; a run of one point is a dot).
    static func distance(x: Int, y: Int, to runs: [[(x: Double, y: Double)]]) -> Double {
        let cx = Double(x) + 0.5, cy = Double(y) + 0.5
        var nearest = Double.infinity
        for run in runs {
            for index in 0..<run.count {
                let a = run[index], b = run[min(index + 1, run.count - 1)]
                let dx = b.x - a.x, dy = b.y - a.y
                let lengthSquared = dx * dx + dy * dy
                let t = lengthSquared > 0 ? max(0, min(1, ((cx - a.x) * dx + (cy - a.y) * dy) / lengthSquared)) : 0
                let ex = cx - (a.x + t * dx), ey = cy - (a.y + t * dy)
                nearest = min(nearest, (ex * ex + ey * ey).squareRoot())
            }
        }
        return nearest
    }
}

/// The smallest rectangle holding `points` (maxX, maxY exclusive), nil for none.
func boundingBox(_ points: [(x: Int, y: Int)]) -> (minX: Int, minY: Int, maxX: Int, maxY: Int)? {
    guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
          let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else { return nil }
    return (minX, minY, maxX + 1, maxY + 1)
}
