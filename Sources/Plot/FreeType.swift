import CFreeType
import DejaVuFont
import Foundation

/// One glyph as FreeType rasterised it: 8-bit coverage (0 paper … 255 ink), `rows` rows of
/// `width` bytes, top row first, placed relative to the pen's whole-pixel position.
struct GlyphBitmap {
    let width: Int
    let rows: Int
    /// Columns from the pen's whole-pixel x to the bitmap's first column (may be negative).
    let left: Int
    /// Rows from the baseline up to the bitmap's first row (positive above the baseline).
    let top: Int
    let coverage: [UInt8]
}

/// DejaVu Sans, opened by FreeType from the bytes compiled into the program (`DejaVuFont`).
/// Every FreeType call of the package is in this file.
///
/// A face is not thread-safe and holds its current size, so callers go through
/// `withFace`, which serialises them with a lock.
final class FreeTypeFace: @unchecked Sendable {
    /// The program's only face, or why FreeType could not open the embedded font
    /// (drawing text then throws that error).
    static let dejaVuSans: Result<FreeTypeFace, PlotError> = Result(catching: { try FreeTypeFace() })
        .mapError { $0 as? PlotError ?? .fontError(call: "FT_New_Memory_Face", code: -1) }

    /// Vertical-only hinting by the auto-hinter, as matplotlib's default
    /// (`text.hinting: force_autohint` with `hinting_factor: 8`, which hints at 8× the
    /// horizontal resolution): stems sit on whole rows, letters keep their exact widths.
    private static let loadFlags = Int32(FT_LOAD_FORCE_AUTOHINT) | Int32(FT_LOAD_NO_BITMAP)
        | Int32(bitPattern: UInt32(FT_RENDER_MODE_LIGHT.rawValue & 15) << 16)

    private var library: FT_Library?
    private var face: FT_Face?
    private let lock = NSLock()

    private init() throws {
        try FreeTypeFace.check(FT_Init_FreeType(&library), "FT_Init_FreeType")
        var size: UInt = 0
        let bytes = dejavu_sans_ttf(&size)
        let error = FT_New_Memory_Face(library, bytes, FT_Long(size), 0, &face)
        if error != 0 {
            FT_Done_FreeType(library)
            throw PlotError.fontError(call: "FT_New_Memory_Face", code: error)
        }
    }

    deinit {
        FT_Done_Face(face)
        FT_Done_FreeType(library)
    }

    /// Runs `body` while no other thread uses the face.
    func withFace<Result>(_ body: (FreeTypeFace) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(self)
    }

    /// True when the face has a kerning table that `kerning(left:right:)` reads (DejaVu Sans has one).
    var hasKerning: Bool {
        guard let face else { return false }
        return face.pointee.face_flags & FT_Long(FT_FACE_FLAG_KERNING) != 0
    }

    /// Sets the size: `points` at `dpi` dots per inch (10 pt at 100 dpi is 13.9 px per em).
    /// The size is given in 1/64 points, so fractional sizes are kept.
    func setSize(points: Double, dpi: Int) throws {
        let size = FT_F26Dot6((points * 64).rounded())
        try FreeTypeFace.check(FT_Set_Char_Size(face, 0, size, FT_UInt(dpi), FT_UInt(dpi)), "FT_Set_Char_Size")
    }

    /// The glyph of a character, 0 (the font's empty box) when the font lacks it.
    func glyphIndex(_ scalar: Unicode.Scalar) -> UInt32 {
        UInt32(FT_Get_Char_Index(face, FT_ULong(scalar.value)))
    }

    /// The kerning between two glyphs in 1/64 pixels, unrounded (negative brings them closer).
    func kerning(left: UInt32, right: UInt32) throws -> Int {
        guard hasKerning, left != 0, right != 0 else { return 0 }
        var delta = FT_Vector()
        try FreeTypeFace.check(FT_Get_Kerning(face, FT_UInt(left), FT_UInt(right),
                                              FT_UInt(FT_KERNING_UNFITTED.rawValue), &delta), "FT_Get_Kerning")
        return Int(delta.x)
    }

    /// Rasterises a glyph anti-aliased (FT_RENDER_MODE_NORMAL) with its outline moved right
    /// by `subpixel` 1/64 pixels (0…63), so letters sit at their exact pen positions.
    /// Returns the bitmap and the unhinted advance in 1/64 pixels.
    func render(glyph: UInt32, subpixel: Int) throws -> (bitmap: GlyphBitmap, advance: Int) {
        try FreeTypeFace.check(FT_Load_Glyph(face, FT_UInt(glyph), FreeTypeFace.loadFlags), "FT_Load_Glyph")
        guard let slot = face?.pointee.glyph else { throw PlotError.fontError(call: "FT_Load_Glyph", code: -1) }
        if subpixel != 0 { FT_Outline_Translate(&slot.pointee.outline, FT_Pos(subpixel), 0) }
        try FreeTypeFace.check(FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL), "FT_Render_Glyph")
        // linearHoriAdvance is 16.16 fixed point; 1/64 pixels is 10 bits less.
        let advance = Int(slot.pointee.linearHoriAdvance + 512) >> 10
        let bitmap = slot.pointee.bitmap
        let width = Int(bitmap.width), rows = Int(bitmap.rows), pitch = Int(bitmap.pitch)
        var coverage = [UInt8](repeating: 0, count: width * rows)
        if let buffer = bitmap.buffer, width > 0 {
            for row in 0..<rows {
                // A negative pitch means the rows are stored bottom-up.
                let source = pitch >= 0 ? row * pitch : (rows - 1 - row) * -pitch
                for column in 0..<width { coverage[row * width + column] = buffer[source + column] }
            }
        }
        let glyphBitmap = GlyphBitmap(width: width, rows: rows, left: Int(slot.pointee.bitmap_left),
                                      top: Int(slot.pointee.bitmap_top), coverage: coverage)
        return (glyphBitmap, advance)
    }

    private static func check(_ error: FT_Error, _ call: String) throws {
        if error != 0 { throw PlotError.fontError(call: call, code: error) }
    }
}
