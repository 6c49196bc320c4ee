# -*- Python -*-
# lit configuration for the mdf regression tests.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "MDF"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mdf_obj_root, "test")

# FileCheck variables do not leak from one CHECK-LABEL block to the next.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope"

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["mdf-compile", "mdf-opt", "mdf-run", "mdf-translate"], [config.mdf_tools_dir])

# Debian's python3 is the one with torch; a pyenv python3 first on PATH may
# lack it.
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(("%mdf_src_root", config.mdf_src_root))
config.substitutions.append(("%mdf_tools_dir", config.mdf_tools_dir))
config.substitutions.append(("%mdf_obj_root", config.mdf_obj_root))
# The C compiler the examples are built with (installed by scripts/setup.sh).
config.substitutions.append(("%cc", "/usr/bin/clang-22"))

if config.enable_torchscript:
    config.available_features.add("torch")
# Tests that compute references with numpy (Debian's python3-numpy).
import subprocess
if subprocess.run(["/usr/bin/python3", "-c", "import numpy"],
                  capture_output=True).returncode == 0:
    config.available_features.add("numpy")
if config.enable_cuda:
    config.available_features.add("cuda")
    config.substitutions.append(("%cuda_root", config.cuda_root))
# A machine with an NVIDIA driver runs CUDA models instead of failing.
try:
    import ctypes
    ctypes.CDLL("libcuda.so.1")
    config.available_features.add("cuda-driver")
except OSError:
    pass

shared_examples = os.path.join(os.path.dirname(config.mdf_src_root), "shared",
                               "mdf-examples")
if os.path.isdir(shared_examples):
    config.available_features.add("mdf-examples")
    config.substitutions.append(("%mdf_examples", shared_examples))
