#include "cpng.h"
#include <png.h>
int cpng_placeholder(void) { return PNG_LIBPNG_VER; }
