// libpng wrapper: owns every setjmp so that libpng's longjmp never crosses Swift frames.
#include "cpng.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// What the libpng callbacks share with the function that called setjmp. Its address is
// handed to libpng before setjmp, so it lives in memory and the error path reads the
// values the callbacks stored (locals changed after setjmp would need `volatile`).
typedef struct cpng_context {
    FILE *file;
    char *message;
    size_t capacity;
    int code;  // set by the write callback when fwrite fails, else libpng's error
} cpng_context;

static void cpng_set_message(cpng_context *context, const char *prefix, const char *detail) {
    if (context->message == NULL || context->capacity == 0) return;
    snprintf(context->message, context->capacity, "%s%s", prefix, detail);
}

// libpng calls this on a fatal error; it must not return, so it jumps back to setjmp.
static void cpng_error(png_structp png, png_const_charp text) {
    cpng_context *context = (cpng_context *)png_get_error_ptr(png);
    if (context->code == CPNG_OK) {
        context->code = CPNG_ERROR_LIBPNG;
        cpng_set_message(context, "libpng: ", text);
    }
    png_longjmp(png, 1);
}

// Warnings do not stop the write; they are not errors for our fixed, valid input.
static void cpng_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

// Our own write callback, so that a short fwrite (full disk) is reported with errno.
static void cpng_write_data(png_structp png, png_bytep data, png_size_t length) {
    cpng_context *context = (cpng_context *)png_get_io_ptr(png);
    if (fwrite(data, 1, length, context->file) != length) {
        context->code = CPNG_ERROR_WRITE;
        cpng_set_message(context, "write failed: ", strerror(errno));
        png_error(png, "write failed");
    }
}

static void cpng_flush_data(png_structp png) {
    cpng_context *context = (cpng_context *)png_get_io_ptr(png);
    if (fflush(context->file) != 0) {
        context->code = CPNG_ERROR_WRITE;
        cpng_set_message(context, "flush failed: ", strerror(errno));
        png_error(png, "flush failed");
    }
}

// Writes the PNG to `file`, which it closes whatever happens.
static int cpng_write_file(FILE *file, const unsigned char *rgba,
                           unsigned width, unsigned height,
                           const cpng_text *texts, int text_count,
                           char *error_message, size_t error_capacity) {
    cpng_context context = {file, error_message, error_capacity, CPNG_OK};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context,
                                              cpng_error, cpng_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    // Allocated before setjmp so that the error path sees a stable pointer.
    png_textp chunks = text_count > 0 ? calloc((size_t)text_count, sizeof(png_text)) : NULL;
    if (png == NULL || info == NULL || (text_count > 0 && chunks == NULL)) {
        png_destroy_write_struct(&png, &info);
        free(chunks);
        fclose(context.file);
        cpng_set_message(&context, "out of memory", "");
        return CPNG_ERROR_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(chunks);
        fclose(context.file);
        return context.code == CPNG_OK ? CPNG_ERROR_LIBPNG : context.code;
    }
    png_set_write_fn(png, &context, cpng_write_data, cpng_flush_data);
    png_set_compression_level(png, 9);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    for (int i = 0; i < text_count; i++) {
        chunks[i].compression = texts[i].utf8 ? PNG_ITXT_COMPRESSION_NONE : PNG_TEXT_COMPRESSION_NONE;
        chunks[i].key = (png_charp)texts[i].key;
        chunks[i].text = (png_charp)texts[i].value;
        chunks[i].text_length = texts[i].value ? strlen(texts[i].value) : 0;
    }
    if (text_count > 0) png_set_text(png, info, chunks, text_count);
    png_write_info(png, info);
    const size_t stride = (size_t)width * 4;
    for (unsigned row = 0; row < height; row++) {
        png_write_row(png, (png_const_bytep)(rgba + stride * row));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(chunks);
    // fclose flushes the last buffered bytes: a full disk often shows up only here.
    int flush_failed = fflush(context.file) != 0 || ferror(context.file);
    int flush_errno = errno;
    int close_failed = fclose(context.file) != 0;
    if (flush_failed || close_failed) {
        cpng_set_message(&context, "write failed: ", strerror(flush_failed ? flush_errno : errno));
        return CPNG_ERROR_WRITE;
    }
    return CPNG_OK;
}

// Checks the arguments both writers share; 0 when they are fine.
static int cpng_check_arguments(const unsigned char *rgba, unsigned width, unsigned height,
                                const cpng_text *texts, int text_count,
                                char *error_message, size_t error_capacity) {
    cpng_context context = {NULL, error_message, error_capacity, CPNG_OK};
    if (error_message != NULL && error_capacity > 0) error_message[0] = '\0';
    if (rgba == NULL || width == 0 || height == 0 || text_count < 0 || (text_count > 0 && texts == NULL)) {
        cpng_set_message(&context, "invalid argument: ", "empty image or missing buffer");
        return CPNG_ERROR_ARGUMENT;
    }
    return CPNG_OK;
}

int cpng_write_rgba_fd(int descriptor, const unsigned char *rgba,
                       unsigned width, unsigned height,
                       const cpng_text *texts, int text_count,
                       char *error_message, size_t error_capacity) {
    int checked = cpng_check_arguments(rgba, width, height, texts, text_count, error_message, error_capacity);
    if (checked != CPNG_OK) return checked;
    cpng_context context = {NULL, error_message, error_capacity, CPNG_OK};
    // A copy of the descriptor for stdio to close; the caller's stays open to be flushed.
    int copy = dup(descriptor);
    FILE *file = copy >= 0 ? fdopen(copy, "wb") : NULL;
    if (file == NULL) {
        if (copy >= 0) close(copy);
        cpng_set_message(&context, "cannot open for writing: ", strerror(errno));
        return CPNG_ERROR_OPEN;
    }
    return cpng_write_file(file, rgba, width, height, texts, text_count, error_message, error_capacity);
}

static char *cpng_strdup(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy) memcpy(copy, text, length + 1);
    return copy;
}

void cpng_image_free(cpng_image *image) {
    if (image == NULL) return;
    free(image->rgba);
    for (int i = 0; i < image->text_count; i++) {
        if (image->text_keys) free(image->text_keys[i]);
        if (image->text_values) free(image->text_values[i]);
    }
    free(image->text_keys);
    free(image->text_values);
    free(image->text_utf8);
    memset(image, 0, sizeof(*image));
}

int cpng_read_rgba(const char *path, cpng_image *image,
                   char *error_message, size_t error_capacity) {
    cpng_context context = {NULL, error_message, error_capacity, CPNG_OK};
    if (error_message != NULL && error_capacity > 0) error_message[0] = '\0';
    if (path == NULL || image == NULL) {
        cpng_set_message(&context, "invalid argument: ", "missing path or image");
        return CPNG_ERROR_ARGUMENT;
    }
    memset(image, 0, sizeof(*image));
    context.file = fopen(path, "rb");
    if (context.file == NULL) {
        cpng_set_message(&context, "cannot open for reading: ", strerror(errno));
        return CPNG_ERROR_OPEN;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context,
                                             cpng_error, cpng_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    // Row pointers are allocated after setjmp; volatile so the error path sees them.
    png_bytep *volatile rows = NULL;
    if (png == NULL || info == NULL) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(context.file);
        cpng_set_message(&context, "out of memory", "");
        return CPNG_ERROR_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(context.file);
        cpng_image_free(image);
        return context.code == CPNG_OK ? CPNG_ERROR_LIBPNG : context.code;
    }
    png_init_io(png, context.file);
    png_read_info(png, info);
    image->width = png_get_image_width(png, info);
    image->height = png_get_image_height(png, info);
    image->color_type = png_get_color_type(png, info);
    image->bit_depth = png_get_bit_depth(png, info);

    png_textp chunks = NULL;
    int count = 0;
    png_get_text(png, info, &chunks, &count);
    if (count > 0) {
        image->text_keys = calloc((size_t)count, sizeof(char *));
        image->text_values = calloc((size_t)count, sizeof(char *));
        image->text_utf8 = calloc((size_t)count, sizeof(int));
        if (image->text_keys == NULL || image->text_values == NULL || image->text_utf8 == NULL) {
            png_error(png, "out of memory");
        }
        image->text_count = count;
        for (int i = 0; i < count; i++) {
            image->text_utf8[i] = chunks[i].compression >= PNG_ITXT_COMPRESSION_NONE;
            image->text_keys[i] = cpng_strdup(chunks[i].key);
            image->text_values[i] = cpng_strdup(chunks[i].text ? chunks[i].text : "");
            if (!image->text_keys[i] || !image->text_values[i]) png_error(png, "out of memory");
        }
    }

    // Convert any colour type and depth to 8-bit RGBA.
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    const size_t stride = (size_t)image->width * 4;
    image->rgba = malloc(stride * image->height);
    rows = malloc(sizeof(png_bytep) * image->height);
    if (image->rgba == NULL || rows == NULL) png_error(png, "out of memory");
    for (unsigned row = 0; row < image->height; row++) rows[row] = image->rgba + stride * row;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(context.file);
    return CPNG_OK;
}
