/*===- mdf_cuda_runtime.c - mgpu* entry points on the CUDA driver API -----===*
 *
 * The calls that MLIR's gpu-to-llvm lowering emits (mgpuModuleLoad,
 * mgpuLaunchKernel, mgpuStreamCreate, mgpuMemAlloc, ...), implemented on the
 * CUDA driver API, plus mdf's own: per-call error state, the caller's stream,
 * and device copies of weights and workspaces made once per process.
 *
 * The driver is loaded with dlopen at first use, so programs start where
 * there is no driver. Errors never abort: the first failing driver call of a
 * model call is recorded (its name and the driver's message), the rest of
 * that model call is skipped, and the model's entry point returns nonzero.
 *
 * Modules are loaded lazily: the generated code "loads" its GPU binary from a
 * global constructor, before main; this records the binary and the driver
 * sees it at the first kernel launch.
 *
 *===----------------------------------------------------------------------===*/

#include "mdf_cuda_runtime.h"

#include <cuda.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MDF_EXPORT __attribute__((visibility("default")))
/* The driver's exported name of a function: cuda.h maps some names to
 * versioned ones (cuMemAlloc to cuMemAlloc_v2). */
#define MDF_SYMBOL_NAME2(name) #name
#define MDF_SYMBOL_NAME(name) MDF_SYMBOL_NAME2(name)

#define MDF_DRIVER_FUNCTIONS(X)                                                \
  X(cuInit)                                                                    \
  X(cuGetErrorName)                                                            \
  X(cuGetErrorString)                                                          \
  X(cuDeviceGetCount)                                                          \
  X(cuDeviceGet)                                                               \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuCtxSetCurrent)                                                           \
  X(cuModuleLoadData)                                                          \
  X(cuModuleLoadDataEx)                                                        \
  X(cuModuleUnload)                                                            \
  X(cuModuleGetFunction)                                                       \
  X(cuFuncSetAttribute)                                                        \
  X(cuLaunchKernel)                                                            \
  X(cuStreamCreate)                                                            \
  X(cuStreamDestroy)                                                           \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamWaitEvent)                                                         \
  X(cuEventCreate)                                                             \
  X(cuEventDestroy)                                                            \
  X(cuEventRecord)                                                             \
  X(cuEventSynchronize)                                                        \
  X(cuMemAlloc)                                                                \
  X(cuMemFree)                                                                 \
  X(cuMemcpyAsync)                                                             \
  X(cuMemcpyHtoD)                                                              \
  X(cuMemsetD16Async)                                                          \
  X(cuMemsetD32Async)

static struct {
#define MDF_DECLARE_POINTER(name) __typeof__(&name) name;
  MDF_DRIVER_FUNCTIONS(MDF_DECLARE_POINTER)
#undef MDF_DECLARE_POINTER
} driver;

/*===-------------------------- process state ---------------------------===*/

static pthread_mutex_t stateLock = PTHREAD_MUTEX_INITIALIZER;
/* 0: not tried yet; 1: the driver and a context are ready; -1: failed. */
static int driverState;
static char driverError[512];
static int selectedDevice = -1;
static CUcontext primaryContext;

/*===-------------------------- thread state ----------------------------===*/

static _Thread_local char lastError[1024];
static _Thread_local int callFailed;
static _Thread_local int contextIsCurrent;
static _Thread_local int haveCallerStream;
static _Thread_local CUstream callerStream;

static void recordError(const char *format, ...) {
  if (callFailed)
    return;
  callFailed = 1;
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(lastError, sizeof(lastError), format, arguments);
  va_end(arguments);
}

/* Records a failed driver call; returns whether `result` is a success. */
static int check(CUresult result, const char *call) {
  if (result == CUDA_SUCCESS)
    return 1;
  const char *name = NULL, *description = NULL;
  if (driver.cuGetErrorName)
    driver.cuGetErrorName(result, &name);
  if (driver.cuGetErrorString)
    driver.cuGetErrorString(result, &description);
  recordError("CUDA driver call %s failed: %s (%s)", call,
              name ? name : "unknown error",
              description ? description : "no description");
  return 0;
}

/* Loads the driver and retains the chosen device's primary context; called
 * with stateLock held. */
static void loadDriver(void) {
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    snprintf(driverError, sizeof(driverError),
             "cannot load the CUDA driver (libcuda.so.1): %s; a model "
             "compiled with --target=cuda needs an NVIDIA GPU and its driver",
             dlerror());
    driverState = -1;
    return;
  }
#define MDF_LOAD_POINTER(name)                                                 \
  driver.name = (__typeof__(&name))dlsym(library, MDF_SYMBOL_NAME(name));      \
  if (!driver.name) {                                                          \
    snprintf(driverError, sizeof(driverError),                                 \
             "the CUDA driver (libcuda.so.1) has no %s: it is older than "     \
             "this runtime needs",                                             \
             MDF_SYMBOL_NAME(name));                                           \
    driverState = -1;                                                          \
    return;                                                                    \
  }
  MDF_DRIVER_FUNCTIONS(MDF_LOAD_POINTER)
#undef MDF_LOAD_POINTER

  /* Errors here go to driverError, for every later call to report. */
  int device = selectedDevice;
  if (device < 0) {
    const char *fromEnvironment = getenv("MDF_CUDA_DEVICE");
    device = fromEnvironment && *fromEnvironment ? atoi(fromEnvironment) : 0;
  }
  int count = 0;
  CUresult result = driver.cuInit(0);
  const char *call = "cuInit";
  if (result == CUDA_SUCCESS) {
    call = "cuDeviceGetCount";
    result = driver.cuDeviceGetCount(&count);
  }
  if (result == CUDA_SUCCESS && (device < 0 || device >= count)) {
    snprintf(driverError, sizeof(driverError),
             "CUDA device %d does not exist: this machine has %d", device,
             count);
    driverState = -1;
    return;
  }
  CUdevice handle = 0;
  if (result == CUDA_SUCCESS) {
    call = "cuDeviceGet";
    result = driver.cuDeviceGet(&handle, device);
  }
  if (result == CUDA_SUCCESS) {
    call = "cuDevicePrimaryCtxRetain";
    result = driver.cuDevicePrimaryCtxRetain(&primaryContext, handle);
  }
  if (result != CUDA_SUCCESS) {
    const char *name = NULL, *description = NULL;
    driver.cuGetErrorName(result, &name);
    driver.cuGetErrorString(result, &description);
    snprintf(driverError, sizeof(driverError),
             "CUDA driver call %s failed: %s (%s)", call,
             name ? name : "unknown error",
             description ? description : "no description");
    driverState = -1;
    return;
  }
  selectedDevice = device;
  driverState = 1;
}

/* Whether driver calls may go ahead on this thread: the driver is loaded,
 * the context is current, and this model call has not failed yet. */
static int ready(void) {
  if (callFailed)
    return 0;
  if (contextIsCurrent)
    return 1;
  pthread_mutex_lock(&stateLock);
  if (driverState == 0)
    loadDriver();
  int state = driverState;
  pthread_mutex_unlock(&stateLock);
  if (state < 0) {
    recordError("%s", driverError);
    return 0;
  }
  if (!check(driver.cuCtxSetCurrent(primaryContext), "cuCtxSetCurrent"))
    return 0;
  contextIsCurrent = 1;
  return 1;
}

/*===---------------------------- mdf's API -----------------------------===*/

MDF_EXPORT int mdf_cuda_set_device(int device) {
  pthread_mutex_lock(&stateLock);
  int refused = driverState == 1 && selectedDevice != device;
  if (!refused)
    selectedDevice = device;
  pthread_mutex_unlock(&stateLock);
  if (refused) {
    callFailed = 0;
    recordError("mdf_cuda_set_device(%d): the process already uses CUDA "
                "device %d (choose the device before the first model call)",
                device, selectedDevice);
    callFailed = 0;
    return 1;
  }
  return 0;
}

MDF_EXPORT const char *mdf_cuda_last_error(void) { return lastError; }

/* A model call starts: errors are cleared, and the streams the generated
 * code creates are the caller's `stream`. */
MDF_EXPORT void mdfCudaBeginCall(CUstream stream) {
  callFailed = 0;
  lastError[0] = '\0';
  haveCallerStream = 1;
  callerStream = stream;
}

/* A model call ends: 0 when every driver call succeeded, 1 otherwise. */
MDF_EXPORT int32_t mdfCudaEndCall(void) {
  haveCallerStream = 0;
  return callFailed ? 1 : 0;
}

/* Device copies of host globals, made once per process: weights (uploaded)
 * and workspaces (only allocated). */
struct DeviceGlobal {
  const void *host;
  CUdeviceptr device;
  struct DeviceGlobal *next;
};
static struct DeviceGlobal *deviceGlobals;

MDF_EXPORT void *mdfCudaDeviceGlobal(const void *host, int64_t bytes,
                                     int32_t upload) {
  if (!ready())
    return NULL;
  pthread_mutex_lock(&stateLock);
  struct DeviceGlobal *global = deviceGlobals;
  while (global && global->host != host)
    global = global->next;
  CUdeviceptr device = global ? global->device : 0;
  if (!global) {
    size_t size = bytes > 0 ? (size_t)bytes : 1;
    int ok = check(driver.cuMemAlloc(&device, size), "cuMemAlloc");
    if (ok && upload && bytes > 0)
      ok = check(driver.cuMemcpyHtoD(device, host, (size_t)bytes),
                 "cuMemcpyHtoD");
    if (ok) {
      global = (struct DeviceGlobal *)malloc(sizeof(*global));
      if (global) {
        global->host = host;
        global->device = device;
        global->next = deviceGlobals;
        deviceGlobals = global;
      } else {
        recordError("out of host memory");
      }
    }
    if (!global)
      device = 0;
  }
  pthread_mutex_unlock(&stateLock);
  return (void *)(uintptr_t)device;
}

/*===------------------------- modules, kernels -------------------------===*/

struct Function;
struct Module {
  const void *data;
  int jit;
  int optLevel;
  CUmodule module; /* 0 until the first launch loads it */
  struct Function *functions;
};
struct Function {
  struct Module *module;
  const char *name;
  CUfunction function;
  struct Function *next;
};

MDF_EXPORT void *mgpuModuleLoad(const void *data, size_t size) {
  (void)size;
  struct Module *module = (struct Module *)calloc(1, sizeof(*module));
  if (module)
    module->data = data;
  return module;
}

MDF_EXPORT void *mgpuModuleLoadJIT(const void *data, int optLevel) {
  struct Module *module = (struct Module *)mgpuModuleLoad(data, 0);
  if (module) {
    module->jit = 1;
    module->optLevel = optLevel;
  }
  return module;
}

MDF_EXPORT void mgpuModuleUnload(void *opaque) {
  struct Module *module = (struct Module *)opaque;
  if (!module)
    return;
  if (module->module && driverState == 1)
    driver.cuModuleUnload(module->module);
  for (struct Function *f = module->functions, *next; f; f = next) {
    next = f->next;
    free(f);
  }
  free(module);
}

MDF_EXPORT void *mgpuModuleGetFunction(void *opaque, const char *name) {
  struct Module *module = (struct Module *)opaque;
  if (!module)
    return NULL;
  pthread_mutex_lock(&stateLock);
  struct Function *f = module->functions;
  while (f && f->name != name && strcmp(f->name, name) != 0)
    f = f->next;
  if (!f && (f = (struct Function *)calloc(1, sizeof(*f)))) {
    f->module = module;
    f->name = name;
    f->next = module->functions;
    module->functions = f;
  }
  pthread_mutex_unlock(&stateLock);
  return f;
}

/* The driver's handle of `f`, loading its module first; NULL on failure. */
static CUfunction resolve(struct Function *f) {
  if (f->function)
    return f->function;
  pthread_mutex_lock(&stateLock);
  struct Module *module = f->module;
  int ok = 1;
  if (!module->module) {
    if (module->jit) {
      CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL};
      void *values[] = {(void *)(intptr_t)module->optLevel};
      ok = check(driver.cuModuleLoadDataEx(&module->module, module->data, 1,
                                           options, values),
                 "cuModuleLoadDataEx");
    } else {
      ok = check(driver.cuModuleLoadData(&module->module, module->data),
                 "cuModuleLoadData");
    }
  }
  if (ok && !f->function &&
      !check(driver.cuModuleGetFunction(&f->function, module->module,
                                        f->name),
             "cuModuleGetFunction"))
    f->function = NULL;
  CUfunction function = f->function;
  pthread_mutex_unlock(&stateLock);
  return function;
}

MDF_EXPORT void mgpuLaunchKernel(void *opaque, intptr_t gridX, intptr_t gridY,
                                 intptr_t gridZ, intptr_t blockX,
                                 intptr_t blockY, intptr_t blockZ,
                                 int32_t sharedBytes, CUstream stream,
                                 void **params, void **extra,
                                 size_t paramsCount) {
  (void)paramsCount;
  if (!opaque || !ready())
    return;
  CUfunction function = resolve((struct Function *)opaque);
  if (!function)
    return;
  if (sharedBytes > 48 * 1024 &&
      !check(driver.cuFuncSetAttribute(
                 function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                 sharedBytes),
             "cuFuncSetAttribute"))
    return;
  check(driver.cuLaunchKernel(function, (unsigned)gridX, (unsigned)gridY,
                              (unsigned)gridZ, (unsigned)blockX,
                              (unsigned)blockY, (unsigned)blockZ,
                              (unsigned)sharedBytes, stream, params, extra),
        "cuLaunchKernel");
}

/*===------------------------- streams, events --------------------------===*/

MDF_EXPORT CUstream mgpuStreamCreate(void) {
  if (haveCallerStream)
    return callerStream;
  CUstream stream = NULL;
  if (ready())
    check(driver.cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING),
          "cuStreamCreate");
  return stream;
}

MDF_EXPORT void mgpuStreamDestroy(CUstream stream) {
  if ((haveCallerStream && stream == callerStream) || !stream ||
      driverState != 1)
    return;
  driver.cuStreamDestroy(stream);
}

MDF_EXPORT void mgpuStreamSynchronize(CUstream stream) {
  if (ready())
    check(driver.cuStreamSynchronize(stream), "cuStreamSynchronize");
}

MDF_EXPORT void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  if (event && ready())
    check(driver.cuStreamWaitEvent(stream, event, 0), "cuStreamWaitEvent");
}

MDF_EXPORT CUevent mgpuEventCreate(void) {
  CUevent event = NULL;
  if (ready())
    check(driver.cuEventCreate(&event, CU_EVENT_DISABLE_TIMING),
          "cuEventCreate");
  return event;
}

MDF_EXPORT void mgpuEventDestroy(CUevent event) {
  if (event && driverState == 1)
    driver.cuEventDestroy(event);
}

MDF_EXPORT void mgpuEventSynchronize(CUevent event) {
  if (event && ready())
    check(driver.cuEventSynchronize(event), "cuEventSynchronize");
}

MDF_EXPORT void mgpuEventRecord(CUevent event, CUstream stream) {
  if (event && ready())
    check(driver.cuEventRecord(event, stream), "cuEventRecord");
}

/*===------------------------------ memory ------------------------------===*/

MDF_EXPORT void *mgpuMemAlloc(uint64_t bytes, CUstream stream,
                              int8_t isHostShared) {
  (void)stream;
  (void)isHostShared;
  CUdeviceptr pointer = 0;
  if (ready())
    check(driver.cuMemAlloc(&pointer, bytes ? (size_t)bytes : 1),
          "cuMemAlloc");
  return (void *)(uintptr_t)pointer;
}

MDF_EXPORT void mgpuMemFree(void *pointer, CUstream stream) {
  if (!pointer || driverState != 1)
    return;
  /* The copies queued on the buffer finish first. Freed even after a
   * failure, so that a failed call does not leak. */
  if (!callFailed)
    check(driver.cuStreamSynchronize(stream), "cuStreamSynchronize");
  driver.cuMemFree((CUdeviceptr)(uintptr_t)pointer);
}

MDF_EXPORT void mgpuMemcpy(void *destination, void *source, size_t bytes,
                           CUstream stream) {
  if (bytes && ready())
    check(driver.cuMemcpyAsync((CUdeviceptr)(uintptr_t)destination,
                               (CUdeviceptr)(uintptr_t)source, bytes, stream),
          "cuMemcpyAsync");
}

MDF_EXPORT void mgpuMemset32(void *destination, unsigned value, size_t count,
                             CUstream stream) {
  if (count && ready())
    check(driver.cuMemsetD32Async((CUdeviceptr)(uintptr_t)destination, value,
                                  count, stream),
          "cuMemsetD32Async");
}

MDF_EXPORT void mgpuMemset16(void *destination, unsigned short value,
                             size_t count, CUstream stream) {
  if (count && ready())
    check(driver.cuMemsetD16Async((CUdeviceptr)(uintptr_t)destination, value,
                                  count, stream),
          "cuMemsetD16Async");
}

MDF_EXPORT void mgpuSetDefaultDevice(int32_t device) {
  mdf_cuda_set_device(device);
}
