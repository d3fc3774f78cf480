// The gate passes compiled for AVX2 + FMA: every function in this file, the included
// ones too, gets the target attribute. Run only where lstm_kernels_supports says so.
#if defined(__x86_64__) || defined(__i386__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define KERNEL(name) name##_avx2_fma
#include "lstm_passes.h"
#include "gru_passes.h"
#pragma clang attribute pop
#endif
