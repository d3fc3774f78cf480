// FreeType 2: FT_New_Memory_Face, FT_Set_Char_Size, FT_Load_Glyph, FT_Render_Glyph,
// FT_Get_Kerning and the outline translation used for sub-pixel pen positions.
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
