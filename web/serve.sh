#!/usr/bin/env bash
# Builds the wasm core and serves the amif-check page on this computer only.
# Installs what is missing first (wasm target, wasm-bindgen-cli,
# Node.js), so it works on a fresh machine.
# Usage: bash web/serve.sh [port]        (default 8080; PORT=… works too)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tests/tools/ensure.sh
source tests/tools/ensure.sh
ensure_wasm_tools
command -v node >/dev/null || apt_install nodejs
bash web/build.sh
port="${1:-${PORT:-8080}}"
echo "Open the address below in a browser. Stop with Ctrl+C."
exec node web/server.mjs --port "$port"
