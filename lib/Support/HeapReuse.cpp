//===- HeapReuse.cpp - the heap set up for copying weights ----------------===//

#include "mdf/Support/HeapReuse.h"

#include <cstdlib> // defines __GLIBC__ on glibc
#include <cstring>
#if defined(__GLIBC__)
#include <malloc.h>
#include <unistd.h>
#endif

namespace {
/// The tunables, each with the prefix that says whether one is set.
constexpr const char *kTunables[][2] = {
    {"glibc.malloc.hugetlb=", "1"},
    {"glibc.malloc.mmap_max=", "0"},
    {"glibc.malloc.trim_threshold=", "268435456"},
};
/// Set (to "started") before the restart, so that it happens once.
constexpr const char *kControl = "MDF_HEAP_TUNING";
} // namespace

std::string mlir::mdf::heapTunables(const char *current) {
  std::string value = current ? current : "";
  for (const auto &[name, setting] : kTunables) {
    if (value.find(name) != std::string::npos)
      continue;
    if (!value.empty())
      value += ':';
    value += std::string(name) + setting;
  }
  return value;
}

void mlir::mdf::restartWithHeapTunables(char **argv) {
#if defined(__GLIBC__)
  const char *control = std::getenv(kControl);
  if (control && (std::strcmp(control, "off") == 0 ||
                  std::strcmp(control, "started") == 0))
    return;
  const char *current = std::getenv("GLIBC_TUNABLES");
  std::string tunables = heapTunables(current);
  if (current && tunables == current)
    return; // in effect already (set by whoever started this program)
  ::setenv("GLIBC_TUNABLES", tunables.c_str(), /*overwrite=*/1);
  ::setenv(kControl, "started", /*overwrite=*/1);
  ::execv("/proc/self/exe", argv);
  // Still here: no /proc. What mallopt can set, without huge pages.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#else
  (void)argv;
#endif
}
