// cpng: a small C layer over libpng for the Plot module.
//
// libpng reports errors by longjmp, which Swift cannot catch, so every setjmp
// lives in cpng.c. Each function returns CPNG_OK or an error code and, on
// failure, leaves a NUL-terminated message in `error_message` (at most
// `error_capacity` bytes, including the NUL).
#ifndef CPNG_H
#define CPNG_H

#include <stddef.h>

#define CPNG_OK 0
#define CPNG_ERROR_OPEN 1      // fopen or fdopen failed (errno text in the message)
#define CPNG_ERROR_LIBPNG 2    // libpng reported an error (its text in the message)
#define CPNG_ERROR_WRITE 3     // fwrite, fflush or fclose failed (errno text)
#define CPNG_ERROR_MEMORY 4    // malloc failed
#define CPNG_ERROR_ARGUMENT 5  // a size or pointer argument is invalid

/// One PNG text chunk: Latin-1 key of 1..79 bytes, value of any length. `utf8` 0
/// writes a tEXt chunk (value in Latin-1), 1 an uncompressed iTXt chunk (value in
/// UTF-8, no language tag).
typedef struct cpng_text {
    const char *key;
    const char *value;
    int utf8;
} cpng_text;

/// Writes an 8-bit RGBA, non-interlaced PNG to the open file `descriptor` (a temporary
/// file made relative to a folder's descriptor, never through a link), which stays open.
/// `rgba` holds `height` rows of `width * 4` bytes, top row first.
/// The bytes depend only on the inputs: no tIME chunk, fixed zlib level (9) and a
/// fixed row filter (Sub), so the same image and text give the same file.
int cpng_write_rgba_fd(int descriptor, const unsigned char *rgba,
                       unsigned width, unsigned height,
                       const cpng_text *texts, int text_count,
                       char *error_message, size_t error_capacity);

/// A PNG read back for tests: the header as stored, the pixels converted to 8-bit RGBA.
typedef struct cpng_image {
    unsigned width;
    unsigned height;
    int color_type;        // as stored in IHDR (6 = RGBA)
    int bit_depth;         // as stored in IHDR
    unsigned char *rgba;   // width * height * 4 bytes; freed by cpng_image_free
    int text_count;
    char **text_keys;      // text_count strings; freed by cpng_image_free
    char **text_values;    // Latin-1 for tEXt and zTXt chunks, UTF-8 for iTXt
    int *text_utf8;        // text_count flags: 1 where the chunk was iTXt
} cpng_image;

/// Reads `path` into `image` (zeroed first). On failure nothing needs freeing.
int cpng_read_rgba(const char *path, cpng_image *image,
                   char *error_message, size_t error_capacity);

/// Frees what cpng_read_rgba allocated and zeroes `image`.
void cpng_image_free(cpng_image *image);

#endif
