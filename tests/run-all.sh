#!/usr/bin/env bash
# Runs every test of amif-check, installing what is missing first.
# Usage: bash tests/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Rust components (rustfmt, clippy)"
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" \
    || rustup component add "$component"
done

step "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "Lints (cargo clippy -D warnings)"
cargo clippy --all-targets --locked -- -D warnings

step "Unit, property and integration tests (cargo test)"
cargo test --locked --all-targets
