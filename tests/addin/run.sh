#!/usr/bin/env bash
# Tests of the Excel add-in: every Excel interaction against office-addin-mock,
# the acceptance check against the release CLI, and the rendered manifest.
# Installs what is missing, builds the wasm core (web/pkg) and the CLI.
# Usage: bash tests/addin/run.sh [extra node --test arguments]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../tools/ensure.sh
source tests/tools/ensure.sh
ensure_wasm_tools
ensure_node_deps

echo "==> wasm core (web/build.sh)"
bash web/build.sh
echo "==> release CLI (reference for the add-in's indicator table)"
cargo build --release --locked --bin amif-check

echo "==> add-in tests"
node --test --test-concurrency=1 "$@" tests/addin/*.test.mjs
