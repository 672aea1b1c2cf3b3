#!/usr/bin/env bash
# Builds the native GEMM addon (gemm.c -> build/lrdist_gemm.node) against OpenBLAS and Node's own
# headers. Never fails the caller: where it cannot build (no C compiler, no OpenBLAS, no headers,
# not Linux x64) it says so in one line and exits 0, and lrdist runs on the wasm GEMM instead.
#
#   packages/model/native/build.sh [--quiet]
set -uo pipefail
cd "$(dirname "$0")"
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

say() { echo "native GEMM: $*"; }
skip() { say "not built ($*); lrdist will use the wasm GEMM (XNNPACK)"; exit 0; }

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || skip "built for Linux x86_64 only, this is $(uname -s) $(uname -m)"
cc=${CC:-cc}
command -v "$cc" >/dev/null || skip "no C compiler ($cc)"
node_include=$(node -p "require('path').resolve(process.execPath, '../../include/node')" 2>/dev/null)
[ -f "$node_include/node_api.h" ] || skip "Node's headers are not at $node_include (install nodejs headers)"
blas_include=""
for d in /usr/include/x86_64-linux-gnu /usr/include/openblas /usr/include; do
  if [ -f "$d/cblas.h" ] && grep -q openblas_get_corename "$d/cblas.h"; then blas_include=$d; break; fi
done
[ -n "$blas_include" ] || skip "OpenBLAS headers missing (apt-get install libopenblas-dev)"

mkdir -p build
if ! "$cc" -O3 -ffp-contract=off -fPIC -shared -Wall -Wextra -Werror -DNODE_GYP_MODULE_NAME=lrdist_gemm \
    -I"$node_include" -I"$blas_include" -o build/lrdist_gemm.node.tmp gemm.c -ldl -lm 2>build/error.log; then
  skip "compiler failed, see packages/model/native/build/error.log"
fi
mv build/lrdist_gemm.node.tmp build/lrdist_gemm.node
rm -f build/error.log
[ "$quiet" = 1 ] || say "built packages/model/native/build/lrdist_gemm.node (OpenBLAS from $blas_include)"
