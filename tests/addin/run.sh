#!/usr/bin/env bash
# Tests of the Excel add-in: every Excel interaction against office-addin-mock,
# the acceptance check against the CLI, and the rendered manifest.
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
echo "==> CLI (reference for the add-in's indicator table; the debug build cargo test makes)"
cargo build --locked --bin amif-check

echo "==> hosting build (pkg-templates/addin/build.sh)"
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
bash pkg-templates/addin/build.sh https://register.example.org/amif-check "$site" --version 1.0.0.0 >/dev/null
for file in manifest.xml index.html accessibility.html worker.js addin/taskpane.html addin/excel.js addin/icon-32.png pkg/amif_check_bg.wasm; do
  test -s "$site/$file" || { echo "missing in the hosting build: $file" >&2; exit 1; }
done
for file in server.mjs serve.sh build.sh tsconfig.json addin/office.d.ts pkg/amif_check.d.ts; do
  test ! -e "$site/$file" || { echo "not for hosting, yet built: $file" >&2; exit 1; }
done
grep -q 'https://register.example.org/amif-check/addin/taskpane.html?office=1' "$site/manifest.xml"

echo "==> add-in tests"
node --test --test-concurrency=1 "$@" tests/addin/*.test.mjs
