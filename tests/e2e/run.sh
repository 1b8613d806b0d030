#!/usr/bin/env bash
# End-to-end tests of the web page in Debian's headless chromium.
# Installs what is missing (wasm tools, chromium, npm packages), builds the
# wasm core, type-checks the page's JavaScript, builds the CLI (whose
# output the tests compare with), then runs tests/e2e/*.test.mjs with node's
# test runner.
# Usage: bash tests/e2e/run.sh [extra node --test arguments]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../tools/ensure.sh
source tests/tools/ensure.sh
ensure_wasm_tools
ensure_chromium
ensure_node_deps

echo "==> wasm core (web/build.sh)"
bash web/build.sh
echo "==> type check of the page's JavaScript (tsc --checkJs --strict)"
# One project per global scope (page and add-in, workers, Node server); the
# page's and the workers' need the core's declarations, written by web/build.sh.
for project in web/tsconfig*.json; do
  node tests/node_modules/typescript/bin/tsc -p "$project"
done
echo "==> CLI (reference for the page's numbers; the debug build cargo test makes)"
cargo build --locked --bin amif-check

echo "==> end-to-end tests"
# One file at a time: each starts chromium, and the machine has two cores.
node --test --test-concurrency=1 "$@" tests/e2e/*.test.mjs
