// The LSTM's gate passes (include/lstm_kernels.h: `lstm_sigmoid_tanh_forward` and
// `_backward`), written once with the eight-lane helpers of vector_math.h and included by
// each variant's .c file, which sets the instruction set and the names (KERNEL).
//
// Not a public header: only baseline.c and avx2_fma.c include it.
#include "vector_math.h"

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

// A row's last n < LANES units go through the lanes on padded copies (copy_slices). The
// input projection of those units is added to the padded z beforehand, and their dW
// accumulated from the padded dz afterwards, in plain loops.
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
