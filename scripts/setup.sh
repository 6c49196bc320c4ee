#!/usr/bin/env bash
# Installs every Debian package that mdf's build, tests and examples use.
# Idempotent, and quick when everything is already there. Run as root (or
# with sudo) on Debian 12; nothing comes from anywhere but Debian's archive.
set -euo pipefail

packages=(
  # Build
  cmake ninja-build
  clang-22 lld-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  # MDF files: JSON through nlohmann_json, YAML through yaml-cpp
  nlohmann-json3-dev libyaml-cpp-dev
  # TorchScript importer (find_package(Torch)) and the tests that make .pt
  # files with Debian's python3
  libtorch-dev python3 python3-torch python3-torchvision python3-numpy
  # The Python package's tests: pytest, and pip installing it into a venv
  python3-pytest python3-pip python3-venv
  # Fuzzing and sanitizer builds (libFuzzer, ASan, UBSan runtimes)
  libclang-rt-22-dev
)

# Optional and not from Debian: the CUDA toolkit (find_package(CUDAToolkit))
# under /usr/local/cuda; without it the CUDA path is switched off.

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "setup: missing packages (${missing[*]}); run this script as root" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "setup: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
  --no-install-recommends "${missing[@]}"
