#!/usr/bin/env bash
# Builds the wasm core with cargo and binds it for JavaScript with the
# wasm-bindgen on PATH (Cargo.lock's version: tests/tools/ensure.sh installs
# it). What wasm-pack did, without wasm-pack: building it from source cost the
# suite a minute and a half, and one cargo build now serves every target.
# Never wasm-opt: Debian's breaks the module.
# Usage: bash pkg-templates/build-wasm.sh PROFILE TARGET OUT_DIR
#   PROFILE: release (the page: fast) or wasm-release (npm: small)
#   TARGET:  web, nodejs or bundler (wasm-bindgen --target)
set -euo pipefail
profile=$1 target=$2 out=$3
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --quiet --locked --lib --target wasm32-unknown-unknown --profile "$profile"
wasm="${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/$profile/amif_check.wasm"
wasm-bindgen --target "$target" --out-dir "$out" --out-name amif_check "$wasm"
# Function names only help debuggers; without them the module is smaller.
node "$root/pkg-templates/npm/strip-names.mjs" "$out/amif_check_bg.wasm"
