// The gate passes for the target's baseline instruction set (SSE2 on x86-64).
// Eight-lane vectors are two SSE registers here, which is what the ABI warning
// is about; every function taking one is static and inlined.
#pragma clang diagnostic ignored "-Wpsabi"
#define KERNEL(name) name##_baseline
#include "lstm_passes.h"
#include "gru_passes.h"
