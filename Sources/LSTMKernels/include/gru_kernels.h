// The element-wise half of a GRU step with Keras 3's default settings (sigmoid gates,
// tanh candidate, reset_after), forward and backward, compiled like the LSTM's gate
// passes (lstm_kernels.h): once for baseline x86-64 and once for AVX2 + FMA, with the
// same exp and tanh. LSTMCore's Layers/GRUGates.swift documents the formulas and runs
// every other configuration in Swift.
#ifndef GRU_KERNELS_H
#define GRU_KERNELS_H

#include "lstm_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/// One forward step for rows [row_begin, row_end) (H = units, G = 3H, gates z, r, h):
///
///     x̂ = [gates] + x·W + b_in      u = [recurrent] + b_rec
///     z = σ(x̂_z + u_z)   r = σ(x̂_r + u_r)   ĥ = tanh(x̂_h + r ⊙ u_h)
///     h = z ⊙ h₋₁ + (1 - z) ⊙ ĥ
typedef struct {
    /// [B, G]: x·W on entry when has_input_products; z, r, ĥ on exit.
    float *gates;
    /// [B, G]: h₋₁·U on entry when has_recurrent_products; u_h in the h slice on exit.
    float *recurrent;
    int has_input_products;
    int has_recurrent_products;
    /// [2, G]: b_in, then b_rec.
    const float *bias;
    /// x of this step [B, input_size] and W [input_size, G], folded into x̂; both NULL
    /// (input_size 0) when x·W is already in `gates`.
    const float *input;
    const float *kernel;
    long input_size;
    /// [B, H] each; `hidden` may alias `previous_hidden` (each element is read first).
    const float *previous_hidden;
    float *hidden;
    long row_begin;
    long row_end;
    long units;
} gru_forward_step;

/// One backward step for rows [row_begin, row_end). With σ' = y(1 - y), tanh' = 1 - y²:
///
///     dz̃ = dh ⊙ (h₋₁ - ĥ) ⊙ σ'(z)   dĥ̃ = dh ⊙ (1 - z) ⊙ tanh'(ĥ)
///     dr̃ = dĥ̃ ⊙ u_h ⊙ σ'(r)         du_h = dĥ̃ ⊙ r
///
/// `gates` gets (dz̃, dr̃, dĥ̃), `recurrent` (dz̃, dr̃, du_h), `d_hidden` dh ⊙ z.
typedef struct {
    /// [B, G]: z, r, ĥ on entry; the input side's dz on exit.
    float *gates;
    /// [B, G]: u_h in the h slice on entry; the recurrent side's dz on exit.
    float *recurrent;
    /// [B, H]: h₋₁.
    const float *previous_hidden;
    /// [B, H]: the whole gradient reaching h on entry, dh ⊙ z on exit.
    float *d_hidden;
    /// [2, G]: += Σ_rows of each side's dz.
    float *d_bias;
    /// x of this step [B, input_size] and dW [input_size, G] += xᵀ·dz, for a narrow
    /// input folded into the pass; NULL (input_size 0) otherwise.
    const float *input;
    float *d_kernel;
    long input_size;
    long row_begin;
    long row_end;
    long units;
} gru_backward_step;

void gru_sigmoid_tanh_forward(lstm_kernels_variant variant, const gru_forward_step *step);
void gru_sigmoid_tanh_backward(lstm_kernels_variant variant, const gru_backward_step *step);

#ifdef __cplusplus
}
#endif

#endif
