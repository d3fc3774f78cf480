// The eight-lane vector helpers of the C passes (lstm_passes.h, gru_passes.h), written
// once with Clang's vector extensions: loads and stores, NaN-keeping clamps, exp, sigmoid
// and tanh by the formulas of LSTMCore's Backend/VectorMath.swift, the padded copies a
// row's last units go through, and the element-wise sigmoid and tanh of
// include/lstm_kernels.h. Each variant's .c file sets the instruction set (a `#pragma
// clang attribute` target) and the names (KERNEL(name) appends the variant's suffix)
// before it includes the passes. Eight lanes: one AVX register, or two SSE registers on
// baseline x86-64.
//
// Not a public header: only lstm_passes.h and gru_passes.h include it.
#pragma once
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

// The last n < LANES units of a row go through the same lane code as the others, on
// zero-padded copies with stride LANES (once a row, so the copies cost nothing that
// matters): `slices` runs of `n` floats, `from_stride` apart, copied to runs `to_stride` apart.
static inline void copy_slices(float *to, long to_stride, const float *from, long from_stride, long slices, long n) {
    for (long s = 0; s < slices; s++) memcpy(to + s * to_stride, from + s * from_stride, (size_t)n * sizeof(float));
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
