// OpenBLAS' C interface: cblas_sgemm, cblas_sgemv, openblas_set_num_threads and the
// openblas_get_config / openblas_get_corename that name the build and its kernels.
#include <cblas.h>
