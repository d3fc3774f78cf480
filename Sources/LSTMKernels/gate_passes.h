// The gate passes, written once with Clang's vector extensions and included by each
// variant's .c file, which sets the instruction set (a `#pragma clang attribute`
// target) and the names (KERNEL(name) appends the variant's suffix). Eight lanes: one
// AVX register, or two SSE registers on baseline x86-64.
//
// Not a public header: only baseline.c and avx2_fma.c include it.
#include <string.h>
#include "lstm_kernels.h"

typedef float vfloat __attribute__((vector_size(32)));
typedef int vint __attribute__((vector_size(32)));
typedef unsigned int vuint __attribute__((vector_size(32)));
enum { LANES = 8 };

static inline vfloat splat(float value) { return (vfloat){0} + value; }

static inline vfloat load(const float *p) {
    vfloat v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void store(float *p, vfloat v) { memcpy(p, &v, sizeof v); }

// min(x, limit) and max(x, limit) that keep a NaN x a NaN (so a diverged model still
// shows a NaN loss); each compiles to one minps/maxps.
static inline vfloat at_most(vfloat x, vfloat limit) {
    vint above = x > limit;
    return (vfloat)((above & (vint)limit) | (~above & (vint)x));
}

static inline vfloat at_least(vfloat x, vfloat limit) {
    vint below = x < limit;
    return (vfloat)((below & (vint)limit) | (~below & (vint)x));
}

// e^x: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial, 2^n in the
// exponent bits. Clamped to [-87, 88] first, so 2^n stays a normal float.
static inline vfloat exp_lanes(vfloat x) {
    x = at_least(at_most(x, splat(88.0f)), splat(-87.0f));
    // n = round(x / ln2) by the 1.5·2^23 trick: the low mantissa bits of `shifted` hold n.
    const vfloat magic = splat(12582912.0f);
    vfloat shifted = x * 1.44269504f + magic;
    vfloat n = shifted - magic;
    // r = x - n·ln2 with ln2 = 0.693359375 - 2.12194440e-4 in two parts, so r is exact.
    vfloat r = x - n * 0.693359375f;
    r = r + n * 2.12194440e-4f;
    vfloat r2 = r * r;
    vfloat p = splat(1.98756915e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    vfloat er = p * r2 + r + 1.0f;
    // 2^n: n + 127 shifted into the exponent field (unsigned, so the shift is defined).
    vuint bits = ((vuint)shifted + 127u) << 23;
    return er * (vfloat)bits;
}

static inline vfloat sigmoid_lanes(vfloat x) { return 1.0f / (1.0f + exp_lanes(-x)); }

// tanh x = x·P(x²)/Q(x²), fitted for relative error on [0, 9]. Past 9.25 the fit
// exceeds 1, so clamping the input there and the result to [-1, 1] gives exactly ±1.
static inline vfloat tanh_lanes(vfloat input) {
    vfloat x = at_least(at_most(input, splat(9.25f)), splat(-9.25f));
    vfloat s = x * x;
    vfloat p = splat(1.3705676158835927e-8f);
    p = p * s + 2.086515884334217e-5f;
    p = p * s + 3.5112775163218765e-3f;
    p = p * s + 1.3394282449657077e-1f;
    p = p * s + 9.999999941887228e-1f;
    vfloat q = splat(7.921023844038706e-7f);
    q = q * s + 3.311201224694309e-4f;
    q = q * s + 2.593681165180404e-2f;
    q = q * s + 4.6727604334177614e-1f;
    q = q * s + 1.0f;
    vfloat y = x * p / q;
    return at_least(at_most(y, splat(1.0f)), splat(-1.0f));
}

// Units j..j+7 of one row: `z` points at the row's gate block, `state` at the row's
// [H] slices (all offset by j); `x` at the row's input features.
static inline void forward_lanes(float *z, const float *bias, const float *x, const float *kernel, long input_size,
                                 int has_products, const float *previous_cell, float *cell, float *cell_activation,
                                 float *hidden, long H) {
    vfloat zi = load(bias), zf = load(bias + H), zc = load(bias + 2 * H), zo = load(bias + 3 * H);
    if (has_products) {
        zi += load(z);
        zf += load(z + H);
        zc += load(z + 2 * H);
        zo += load(z + 3 * H);
    }
    for (long feature = 0; feature < input_size; feature++) {
        vfloat xv = splat(x[feature]);
        const float *w = kernel + feature * 4 * H;
        zi += xv * load(w);
        zf += xv * load(w + H);
        zc += xv * load(w + 2 * H);
        zo += xv * load(w + 3 * H);
    }
    vfloat i = sigmoid_lanes(zi), f = sigmoid_lanes(zf), g = tanh_lanes(zc), o = sigmoid_lanes(zo);
    vfloat c = f * load(previous_cell) + i * g;
    vfloat a = tanh_lanes(c);
    store(z, i);
    store(z + H, f);
    store(z + 2 * H, g);
    store(z + 3 * H, o);
    store(cell, c);
    store(cell_activation, a);
    store(hidden, o * a);
}

static inline void backward_lanes(float *z, const float *previous_cell, const float *cell_activation,
                                  const float *d_hidden, float *d_cell, float *d_bias, const float *x,
                                  float *d_kernel, long input_size, long H) {
    vfloat i = load(z), f = load(z + H), g = load(z + 2 * H), o = load(z + 3 * H);
    vfloat a = load(cell_activation), dh = load(d_hidden);
    vfloat dc = load(d_cell) + dh * o * (1.0f - a * a);
    store(d_cell, dc * f);
    vfloat dzi = dc * g * (i * (1.0f - i));
    vfloat dzf = dc * load(previous_cell) * (f * (1.0f - f));
    vfloat dzc = dc * i * (1.0f - g * g);
    vfloat dzo = dh * a * (o * (1.0f - o));
    store(z, dzi);
    store(z + H, dzf);
    store(z + 2 * H, dzc);
    store(z + 3 * H, dzo);
    store(d_bias, load(d_bias) + dzi);
    store(d_bias + H, load(d_bias + H) + dzf);
    store(d_bias + 2 * H, load(d_bias + 2 * H) + dzc);
    store(d_bias + 3 * H, load(d_bias + 3 * H) + dzo);
    for (long feature = 0; feature < input_size; feature++) {
        vfloat xv = splat(x[feature]);
        float *w = d_kernel + feature * 4 * H;
        store(w, load(w) + xv * dzi);
        store(w + H, load(w + H) + xv * dzf);
        store(w + 2 * H, load(w + 2 * H) + xv * dzc);
        store(w + 3 * H, load(w + 3 * H) + xv * dzo);
    }
}

// The last n < LANES units of a row go through the same lane code on zero-padded
// copies with stride LANES (once a row, so the copies cost nothing that matters).
// The input projection of those units is added to the padded z beforehand, and
// their dW accumulated from the padded dz afterwards, in plain loops.
static inline void copy_slices(float *to, long to_stride, const float *from, long from_stride, long slices, long n) {
    for (long s = 0; s < slices; s++) memcpy(to + s * to_stride, from + s * from_stride, (size_t)n * sizeof(float));
}

void KERNEL(lstm_sigmoid_tanh_forward)(const lstm_forward_step *step) {
    const long H = step->units, G = 4 * H, full = H - H % LANES, n = H - full;
    const long F = step->input ? step->input_size : 0;
    for (long row = step->row_begin; row < step->row_end; row++) {
        float *z = step->gates + row * G;
        const long s = row * H;
        const float *x = F ? step->input + row * F : NULL;
        for (long j = 0; j < full; j += LANES) {
            forward_lanes(z + j, step->bias + j, x, step->kernel + j, F, step->has_products,
                          step->previous_cell + s + j, step->cell + s + j, step->cell_activation + s + j,
                          step->hidden + s + j, H);
        }
        if (n == 0) continue;
        float zt[4 * LANES] = {0}, bt[4 * LANES] = {0};
        float ct[LANES] = {0}, cout[LANES], at[LANES], ht[LANES];
        if (step->has_products) copy_slices(zt, LANES, z + full, H, 4, n);
        copy_slices(bt, LANES, step->bias + full, H, 4, n);
        for (long feature = 0; feature < F; feature++) {
            for (long gate = 0; gate < 4; gate++) {
                for (long k = 0; k < n; k++) zt[gate * LANES + k] += x[feature] * step->kernel[feature * G + gate * H + full + k];
            }
        }
        memcpy(ct, step->previous_cell + s + full, (size_t)n * sizeof(float));
        forward_lanes(zt, bt, NULL, NULL, 0, 1, ct, cout, at, ht, LANES);
        copy_slices(z + full, H, zt, LANES, 4, n);
        memcpy(step->cell + s + full, cout, (size_t)n * sizeof(float));
        memcpy(step->cell_activation + s + full, at, (size_t)n * sizeof(float));
        memcpy(step->hidden + s + full, ht, (size_t)n * sizeof(float));
    }
}

void KERNEL(lstm_sigmoid_tanh_backward)(const lstm_backward_step *step) {
    const long H = step->units, G = 4 * H, full = H - H % LANES, n = H - full;
    const long F = step->input ? step->input_size : 0;
    for (long row = step->row_begin; row < step->row_end; row++) {
        float *z = step->gates + row * G;
        const long s = row * H;
        const float *x = F ? step->input + row * F : NULL;
        for (long j = 0; j < full; j += LANES) {
            backward_lanes(z + j, step->previous_cell + s + j, step->cell_activation + s + j, step->d_hidden + s + j,
                           step->d_cell + s + j, step->d_bias + j, x, step->d_kernel + j, F, H);
        }
        if (n == 0) continue;
        float zt[4 * LANES] = {0}, dbt[4 * LANES] = {0};
        float pt[LANES] = {0}, at[LANES] = {0}, dht[LANES] = {0}, dct[LANES] = {0};
        copy_slices(zt, LANES, z + full, H, 4, n);
        copy_slices(dbt, LANES, step->d_bias + full, H, 4, n);
        memcpy(pt, step->previous_cell + s + full, (size_t)n * sizeof(float));
        memcpy(at, step->cell_activation + s + full, (size_t)n * sizeof(float));
        memcpy(dht, step->d_hidden + s + full, (size_t)n * sizeof(float));
        memcpy(dct, step->d_cell + s + full, (size_t)n * sizeof(float));
        backward_lanes(zt, pt, at, dht, dct, dbt, NULL, NULL, 0, LANES);
        copy_slices(z + full, H, zt, LANES, 4, n);
        copy_slices(step->d_bias + full, H, dbt, LANES, 4, n);
        for (long feature = 0; feature < F; feature++) {
            for (long gate = 0; gate < 4; gate++) {
                for (long k = 0; k < n; k++) step->d_kernel[feature * G + gate * H + full + k] += x[feature] * zt[gate * LANES + k];
            }
        }
        memcpy(step->d_cell + s + full, dct, (size_t)n * sizeof(float));
    }
}

// Whole vectors, then the tail through a padded copy.
#define ELEMENTWISE(name, lanes_function)                                              \
    void KERNEL(name)(const float *x, float *y, long count) {                          \
        long k = 0;                                                                    \
        for (; k + LANES <= count; k += LANES) store(y + k, lanes_function(load(x + k))); \
        if (k == count) return;                                                        \
        float tail[LANES] = {0};                                                       \
        memcpy(tail, x + k, (size_t)(count - k) * sizeof(float));                      \
        store(tail, lanes_function(load(tail)));                                       \
        memcpy(y + k, tail, (size_t)(count - k) * sizeof(float));                      \
    }

ELEMENTWISE(lstm_kernels_sigmoid, sigmoid_lanes)
ELEMENTWISE(lstm_kernels_tanh, tanh_lanes)
