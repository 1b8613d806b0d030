#!/usr/bin/env bash
# amif-check side by side with the JavaScript tools users would otherwise
# use, in one headless Debian Chromium: full validation (parse + validate +
# aggregate) in the page's worker vs PapaParse (parse only) on a 1 000 000-row
# semicolon CSV (~105 MB) and vs SheetJS (read only) on a 200 000-row XLSX;
# the native CLI on both; first results for a 1 000-row file on the real
# page; gzipped .wasm size. Prints a table and writes tests/bench/results.json.
# A benchmark, not a test: no test suite runs it.
#
# Usage (from anywhere): bash tests/bench/compare.sh [CSV_ROWS] [XLSX_ROWS] [RUNS]
# Installs what it needs on a fresh machine: the wasm tools and Debian's
# chromium (tests/tools/ensure.sh), papaparse, xlsx and playwright-core from
# npm (tests/bench/package-lock.json), XlsxWriter from PyPI (for the XLSX).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/tools/ensure.sh
csv_rows="${1:-1000000}"
xlsx_rows="${2:-200000}"
runs="${3:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bench="$CARGO_TARGET_DIR/bench"
mkdir -p "$bench"
step() { printf '\n== %s\n' "$*" >&2; }

step "tools"
ensure_wasm_tools
ensure_chromium
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -d tests/bench/node_modules ] \
  || [ tests/bench/package-lock.json -nt tests/bench/node_modules/.package-lock.json ]; then
  # Playwright must never fetch a browser: Debian's chromium is used.
  (cd tests/bench && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
if [ ! -x "$bench/venv/bin/python" ]; then
  python3 -m venv "$bench/venv" || { rm -rf "$bench/venv"; apt_install python3-venv; python3 -m venv "$bench/venv"; }
fi
"$bench/venv/bin/python" -c 'import xlsxwriter' 2>/dev/null \
  || "$bench/venv/bin/python" -m pip install --quiet --disable-pip-version-check 'XlsxWriter==3.2.9'

step "registers (deterministic; kept in $bench)"
csv="$bench/register-$csv_rows.csv"
xlsx="$bench/register-$xlsx_rows.xlsx"
small="$bench/register-1000.csv"
[ -s "$csv" ] || python3 tests/bench/gen_register.py "$csv_rows" "$csv"
[ -s "$xlsx" ] || "$bench/venv/bin/python" tests/bench/gen_register.py "$xlsx_rows" "$xlsx"
[ -s "$small" ] || python3 tests/bench/gen_register.py 1000 "$small"

step "builds: native release, the page's wasm (web/build.sh), the npm package's wasm-release"
cargo build --release --locked --quiet
bash web/build.sh >/dev/null 2>&1 || bash web/build.sh
# As the npm package ships it (without the name section).
bash pkg-templates/build-wasm.sh wasm-release web "$bench/pkg-z"

step "running (a few minutes)"
nice -n 10 node tests/bench/compare.mjs --csv "$csv" --xlsx "$xlsx" --small "$small" \
  --native "$CARGO_TARGET_DIR/release/amif-check" --pkg-z "$bench/pkg-z" \
  --runs "$runs" --out tests/bench/results.json
