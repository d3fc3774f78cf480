// Chooses a compilation of the gate passes: AVX2 + FMA where the processor has both
// (and the caller asks for it), the baseline one otherwise.
#include "lstm_kernels.h"
#include "variants.h"

int lstm_kernels_supports(lstm_kernels_variant variant) {
    switch (variant) {
    case LSTM_KERNELS_BASELINE: return 1;
    case LSTM_KERNELS_AVX2_FMA:
#if defined(__x86_64__) || defined(__i386__)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
        return 0;
#endif
    }
    return 0;
}

lstm_kernels_variant lstm_kernels_best_variant(void) {
    return lstm_kernels_supports(LSTM_KERNELS_AVX2_FMA) ? LSTM_KERNELS_AVX2_FMA : LSTM_KERNELS_BASELINE;
}

#if defined(__x86_64__) || defined(__i386__)
// A variant the processor lacks falls back to the baseline one rather than trapping.
#define DISPATCH(name, ...)                                                                   \
    if (variant == LSTM_KERNELS_AVX2_FMA && lstm_kernels_supports(variant)) name##_avx2_fma(__VA_ARGS__); \
    else name##_baseline(__VA_ARGS__)
#else
#define DISPATCH(name, ...) name##_baseline(__VA_ARGS__)
#endif

void lstm_sigmoid_tanh_forward(lstm_kernels_variant variant, const lstm_forward_step *step) {
    DISPATCH(lstm_sigmoid_tanh_forward, step);
}

void lstm_sigmoid_tanh_backward(lstm_kernels_variant variant, const lstm_backward_step *step) {
    DISPATCH(lstm_sigmoid_tanh_backward, step);
}

void gru_sigmoid_tanh_forward(lstm_kernels_variant variant, const gru_forward_step *step) {
    DISPATCH(gru_sigmoid_tanh_forward, step);
}

void gru_sigmoid_tanh_backward(lstm_kernels_variant variant, const gru_backward_step *step) {
    DISPATCH(gru_sigmoid_tanh_backward, step);
}

void lstm_kernels_sigmoid(lstm_kernels_variant variant, const float *x, float *y, long count) {
    DISPATCH(lstm_kernels_sigmoid, x, y, count);
}

void lstm_kernels_tanh(lstm_kernels_variant variant, const float *x, float *y, long count) {
    DISPATCH(lstm_kernels_tanh, x, y, count);
}
