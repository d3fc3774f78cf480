// Placeholder; the Plot work replaces this with the libpng wrapper.
int cpng_placeholder(void);
