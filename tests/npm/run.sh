#!/usr/bin/env bash
# The WebAssembly API and the npm package: wasm-bindgen tests in Node and in
# headless Chromium (Debian's chromium and chromedriver, never a download),
# then the packaged-npm test (build, npm pack, install, compare with the
# CLI, tsc --strict). Installs what is missing first.
# Usage: bash tests/npm/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

# shellcheck source=../tools/ensure.sh
source tests/tools/ensure.sh
ensure_wasm_tools
ensure_chromium
ensure_node_deps

step() { printf '\n==> %s\n' "$*"; }

runner=$(command -v wasm-bindgen-test-runner)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$runner"
export WASM_BINDGEN_TEST_TIMEOUT=300

step "WebAssembly API in Node (wasm-bindgen-test)"
cargo test --locked --target wasm32-unknown-unknown --test wasm

step "WebAssembly API in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_USE_BROWSER=1 \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$root/tests/npm/webdriver.json" \
  cargo test --locked --target wasm32-unknown-unknown --test wasm

step "npm package: build, pack, install, compare with the CLI, tsc --strict"
node --test tests/npm/package.test.mjs
