#!/usr/bin/env bash
# Runs every test of amif-check, installing what is missing first (wasm target,
# wasm-bindgen-cli at Cargo.lock's version, Debian's chromium, chromium-driver,
# poppler-utils and LibreOffice Calc, npm dev dependencies).
# Usage: bash tests/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/tools/ensure.sh

# Each step says when it starts, in minutes since the start: where the time goes.
started=$SECONDS
step() { printf '\n==> [%d:%02d] %s\n' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)) "$*"; }

step "Rust components (rustfmt, clippy)"
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" \
    || rustup component add "$component"
done

step "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "Lints (cargo clippy -D warnings, native and wasm32)"
cargo clippy --all-targets --locked -- -D warnings
ensure_wasm_tools
cargo clippy --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "Unit, property and integration tests (cargo test), and the examples in the docs"
# The suite decides whether a change lands, so the property tests draw the same
# cases on every run; plain `cargo test` (or another PROPTEST_RNG_SEED) explores new ones.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261205}"
cargo test --locked --all-targets
cargo test --locked --doc

step "Marked copies open in LibreOffice"
bash tests/tools/marked-copies-open.sh

if [ -f tests/npm/run.sh ]; then
  step "WebAssembly (Chromium, Node) and npm package tests"
  bash tests/npm/run.sh
fi

if [ -f tests/addin/run.sh ]; then
  step "Excel add-in (office-addin-mock workbook, manifest, CLI parity)"
  bash tests/addin/run.sh
fi

if [ -f tests/e2e/run.sh ]; then
  step "End-to-end tests of the page (Playwright, Debian's Chromium)"
  bash tests/e2e/run.sh
fi
step "All tests passed"
