#!/usr/bin/env bash
# Builds the wasm core into web/pkg (git-ignored) for the page and its worker.
# Needs the wasm32 target, wasm-pack and a wasm-bindgen-cli matching
# Cargo.lock: `source tests/tools/ensure.sh && ensure_wasm_tools` installs them.
# Usage: bash web/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# --mode no-install: use the wasm-bindgen on PATH; never let wasm-pack download one.
wasm-pack build --mode no-install --target web --release --no-typescript --no-pack \
  --out-dir web/pkg --out-name amif_check
# Function names only help debuggers; without them the page downloads less.
node pkg-templates/npm/strip-names.mjs web/pkg/amif_check_bg.wasm
