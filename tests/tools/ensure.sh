#!/usr/bin/env bash
# Installs what building and testing need, only when missing. Sourced by
# web/serve.sh and tests/run-all.sh; every tool comes from a package registry
# (rustup/crates.io, Debian, npm), never from a tool's own download.
# Usage: source tests/tools/ensure.sh; ensure_wasm_tools; ensure_chromium; ensure_node_deps

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

ensure_wasm_tools() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  # wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$repo_root/Cargo.lock")
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # Without --locked: the locked build fails on these machines. Built with
    # opt-level 1, no LTO and parallel codegen: 1 m 40 s instead of 5 m 20 s
    # on two cores, and the same output as fast (it only binds a module).
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=0 \
      cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

# Chromium drives the page and the pane; pdfinfo and pdftotext (poppler-utils)
# read the summary it prints.
ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! command -v pdfinfo >/dev/null; then
    apt_install chromium chromium-driver poppler-utils
  fi
}

# LibreOffice Calc without a desktop, for the test that marked copies open.
ensure_libreoffice() {
  command -v soffice >/dev/null || apt_install libreoffice-calc-nogui
}

ensure_node_deps() {
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -d "$repo_root/tests/node_modules" ] \
    || [ "$repo_root/tests/package-lock.json" -nt "$repo_root/tests/node_modules/.package-lock.json" ]; then
    # Playwright must never fetch a browser: Debian's chromium is used.
    (cd "$repo_root/tests" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}
