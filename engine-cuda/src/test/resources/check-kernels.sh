#!/usr/bin/env bash
# Syntax check of the CUDA C kernels without a GPU: compile each to PTX with the local nvcc.
# NVRTC compiles the same sources at run time; this catches typos before a GPU session does.
# Usage: engine-cuda/src/test/resources/check-kernels.sh [sm_XY]   (default sm_90). Skips if nvcc is missing.
set -euo pipefail
arch="${1:-sm_90}"
here="$(cd "$(dirname "$0")" && pwd)"
kernels="$here/../../main/resources/dev/myelin/cuda/kernels"
nvcc="$(command -v nvcc || true)"
[ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
if [ -z "$nvcc" ]; then echo "check-kernels: nvcc not found, skipped"; exit 0; fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for cu in "$kernels"/*.cu; do
  # the options NVRTC gets (NvrtcCompiler.options), as far as nvcc takes them
  if "$nvcc" --ptx -arch="$arch" -std=c++17 --fmad=false -Werror all-warnings -o "$out/$(basename "$cu").ptx" "$cu"; then
    echo "ok     $(basename "$cu")"
  else
    echo "FAILED $(basename "$cu")"; status=1
  fi
done
exit $status
