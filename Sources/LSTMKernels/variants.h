// The per-variant entry points that baseline.c and avx2_fma.c define (suffixes
// _baseline and _avx2_fma); dispatch.c picks one. Not a public header.
#include "lstm_kernels.h"
#include "gru_kernels.h"

#define DECLARE_VARIANT(suffix)                                                              \
    void lstm_sigmoid_tanh_forward##suffix(const lstm_forward_step *step);                   \
    void lstm_sigmoid_tanh_backward##suffix(const lstm_backward_step *step);                 \
    void lstm_kernels_sigmoid##suffix(const float *x, float *y, long count);                 \
    void lstm_kernels_tanh##suffix(const float *x, float *y, long count);                    \
    void gru_sigmoid_tanh_forward##suffix(const gru_forward_step *step);                     \
    void gru_sigmoid_tanh_backward##suffix(const gru_backward_step *step);

DECLARE_VARIANT(_baseline)
DECLARE_VARIANT(_avx2_fma)
