/*===- mdf_cuda_runtime.h - the runtime of mdf's CUDA objects -----*- C -*-===*
 *
 * Objects made by `mdf-compile --target=cuda` call this small runtime: the
 * `mgpu*` entry points that MLIR's gpu-to-llvm lowering emits, and a few of
 * mdf's own. It is built on the CUDA driver API, which it loads with
 * dlopen("libcuda.so.1") at first use: a program linked with it starts on a
 * machine without a GPU or driver, and its first model call returns an error
 * whose message mdf_cuda_last_error() gives.
 *
 * Link a CUDA model with:
 *   cc main.c model.o <prefix>/lib/libmdf_cuda_runtime.a -ldl -lpthread -lm
 * (or -L<prefix>/lib -lmdf_cuda_runtime, with that folder on the library
 * path at run time).
 *
 *===----------------------------------------------------------------------===*/

#ifndef MDF_CUDA_RUNTIME_H
#define MDF_CUDA_RUNTIME_H

#ifdef __cplusplus
extern "C" {
#endif

/* Selects the GPU the model calls of this process use (default: 0, or the
 * MDF_CUDA_DEVICE environment variable). Takes effect if called before the
 * first model call that reaches the GPU; returns 0, or 1 when model calls
 * already use another device (see mdf_cuda_last_error). A device that does
 * not exist makes the next model call fail, saying how many there are. */
int mdf_cuda_set_device(int device);

/* The message of the last failed model call of this thread ("" if none):
 * the failing driver call's name and the driver's description. */
const char *mdf_cuda_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* MDF_CUDA_RUNTIME_H */
