import CBLAS
// Placeholder so the module builds; replaced by the BLAS wrapper.
func _linkBLAS() { openblas_set_num_threads(1) }
