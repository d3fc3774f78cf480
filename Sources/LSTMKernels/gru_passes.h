// The GRU's passes (include/gru_kernels.h), written once with the eight-lane helpers of
// vector_math.h and included by each variant's .c file, as lstm_passes.h is. Not a
// public header.
#include "vector_math.h"
#include "gru_kernels.h"

// Units j..j+7 of one row: `g` and `q` point at the row's gate and recurrent blocks,
// `bias` at b_in (b_rec is `bias_stride` further), the states at the row's [H] slices,
// all offset by j. Gate slices are `H` apart; the kernel's rows `kernel_stride`.
static inline void gru_forward_lanes(float *g, float *q, const float *bias, long bias_stride, const float *x,
                                     const float *kernel, long kernel_stride, long input_size, int has_input,
                                     int has_recurrent, const float *previous_hidden, float *hidden, long H) {
    vfloat xz = load(bias), xr = load(bias + H), xh = load(bias + 2 * H);
    if (has_input) {
        xz += load(g);
        xr += load(g + H);
        xh += load(g + 2 * H);
    }
    for (long feature = 0; feature < input_size; feature++) {
        vfloat xv = splat(x[feature]);
        const float *w = kernel + feature * kernel_stride;
        xz += xv * load(w);
        xr += xv * load(w + H);
        xh += xv * load(w + 2 * H);
    }
    const float *recurrent_bias = bias + bias_stride;
    vfloat uz = load(recurrent_bias), ur = load(recurrent_bias + H), uh = load(recurrent_bias + 2 * H);
    if (has_recurrent) {
        uz += load(q);
        ur += load(q + H);
        uh += load(q + 2 * H);
    }
    vfloat z = sigmoid_lanes(xz + uz), r = sigmoid_lanes(xr + ur);
    vfloat hh = tanh_lanes(xh + r * uh);
    vfloat hp = load(previous_hidden);
    store(g, z);
    store(g + H, r);
    store(g + 2 * H, hh);
    store(q + 2 * H, uh);
    store(hidden, z * hp + (1.0f - z) * hh);
}

static inline void add_three(float *sums, long H, vfloat a, vfloat b, vfloat c) {
    store(sums, load(sums) + a);
    store(sums + H, load(sums + H) + b);
    store(sums + 2 * H, load(sums + 2 * H) + c);
}

static inline void gru_backward_lanes(float *g, float *q, const float *previous_hidden, float *d_hidden, float *d_bias,
                                      long bias_stride, const float *x, float *d_kernel, long kernel_stride,
                                      long input_size, long H) {
    vfloat z = load(g), r = load(g + H), hh = load(g + 2 * H), u = load(q + 2 * H);
    vfloat hp = load(previous_hidden), dh = load(d_hidden);
    vfloat dz = dh * (hp - hh) * (z * (1.0f - z));
    vfloat dhh = dh * (1.0f - z) * (1.0f - hh * hh);
    vfloat dr = dhh * u * (r * (1.0f - r));
    vfloat du = dhh * r;
    store(g, dz);
    store(g + H, dr);
    store(g + 2 * H, dhh);
    store(q, dz);
    store(q + H, dr);
    store(q + 2 * H, du);
    store(d_hidden, dh * z);
    add_three(d_bias, H, dz, dr, dhh);
    add_three(d_bias + bias_stride, H, dz, dr, du);
    for (long feature = 0; feature < input_size; feature++) {
        vfloat xv = splat(x[feature]);
        add_three(d_kernel + feature * kernel_stride, H, xv * dz, xv * dr, xv * dhh);
    }
}

// As for the LSTM, the last n < LANES units of a row go through the lane code on
// zero-padded copies with gate stride LANES; the narrow input's part of those units is
// added beforehand (forward) or accumulated afterwards (backward) in plain loops.
void KERNEL(gru_sigmoid_tanh_forward)(const gru_forward_step *step) {
    const long H = step->units, G = 3 * H, full = H - H % LANES, n = H - full;
    const long F = step->input ? step->input_size : 0;
    for (long row = step->row_begin; row < step->row_end; row++) {
        float *g = step->gates + row * G, *q = step->recurrent + row * G;
        const long s = row * H;
        const float *x = F ? step->input + row * F : NULL;
        for (long j = 0; j < full; j += LANES) {
            gru_forward_lanes(g + j, q + j, step->bias + j, G, x, step->kernel + j, G, F, step->has_input_products,
                              step->has_recurrent_products, step->previous_hidden + s + j, step->hidden + s + j, H);
        }
        if (n == 0) continue;
        float gt[3 * LANES] = {0}, qt[3 * LANES] = {0}, bt[6 * LANES] = {0}, hp[LANES] = {0}, ht[LANES];
        if (step->has_input_products) copy_slices(gt, LANES, g + full, H, 3, n);
        if (step->has_recurrent_products) copy_slices(qt, LANES, q + full, H, 3, n);
        copy_slices(bt, LANES, step->bias + full, H, 3, n);
        copy_slices(bt + 3 * LANES, LANES, step->bias + G + full, H, 3, n);
        for (long feature = 0; feature < F; feature++) {
            for (long gate = 0; gate < 3; gate++) {
                for (long k = 0; k < n; k++) gt[gate * LANES + k] += x[feature] * step->kernel[feature * G + gate * H + full + k];
            }
        }
        memcpy(hp, step->previous_hidden + s + full, (size_t)n * sizeof(float));
        gru_forward_lanes(gt, qt, bt, 3 * LANES, NULL, NULL, 0, 0, 1, 1, hp, ht, LANES);
        copy_slices(g + full, H, gt, LANES, 3, n);
        memcpy(q + 2 * H + full, qt + 2 * LANES, (size_t)n * sizeof(float));
        memcpy(step->hidden + s + full, ht, (size_t)n * sizeof(float));
    }
}

void KERNEL(gru_sigmoid_tanh_backward)(const gru_backward_step *step) {
    const long H = step->units, G = 3 * H, full = H - H % LANES, n = H - full;
    const long F = step->input ? step->input_size : 0;
    for (long row = step->row_begin; row < step->row_end; row++) {
        float *g = step->gates + row * G, *q = step->recurrent + row * G;
        const long s = row * H;
        const float *x = F ? step->input + row * F : NULL;
        for (long j = 0; j < full; j += LANES) {
            gru_backward_lanes(g + j, q + j, step->previous_hidden + s + j, step->d_hidden + s + j, step->d_bias + j, G,
                               x, step->d_kernel + j, G, F, H);
        }
        if (n == 0) continue;
        float gt[3 * LANES] = {0}, qt[3 * LANES] = {0}, dbt[6 * LANES] = {0}, hp[LANES] = {0}, dh[LANES] = {0};
        copy_slices(gt, LANES, g + full, H, 3, n);
        copy_slices(qt, LANES, q + full, H, 3, n);
        copy_slices(dbt, LANES, step->d_bias + full, H, 3, n);
        copy_slices(dbt + 3 * LANES, LANES, step->d_bias + G + full, H, 3, n);
        memcpy(hp, step->previous_hidden + s + full, (size_t)n * sizeof(float));
        memcpy(dh, step->d_hidden + s + full, (size_t)n * sizeof(float));
        gru_backward_lanes(gt, qt, hp, dh, dbt, 3 * LANES, NULL, NULL, 0, 0, LANES);
        copy_slices(g + full, H, gt, LANES, 3, n);
        copy_slices(q + full, H, qt, LANES, 3, n);
        copy_slices(step->d_bias + full, H, dbt, LANES, 3, n);
        copy_slices(step->d_bias + G + full, H, dbt + 3 * LANES, LANES, 3, n);
        memcpy(step->d_hidden + s + full, dh, (size_t)n * sizeof(float));
        for (long feature = 0; feature < F; feature++) {
            for (long gate = 0; gate < 3; gate++) {
                for (long k = 0; k < n; k++) step->d_kernel[feature * G + gate * H + full + k] += x[feature] * gt[gate * LANES + k];
            }
        }
    }
}
