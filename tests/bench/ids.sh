#!/usr/bin/env bash
# Throughput benchmark of `amif-check ids` on 1 000 000 personnummer, side by
# side with python-stdnum (PyPI) and the npm `personnummer` package on the
# same input, including I/O. A benchmark, not a test: no test suite runs it.
#
# Usage (from the repository root):
#   bash tests/bench/ids.sh
#
# Needs Rust (cargo), Python 3 with venv, and Node 20 with npm. The script
#   1. builds amif-check in release (cargo build --release --locked);
#   2. installs python-stdnum into target/bench/venv (python3 -m venv + pip)
#      and npm `personnummer` into target/bench/node (npm install --prefix),
#      from the package registries only, once; later runs reuse them;
#   3. writes 1 000 000 lines to target/bench/personnummer.txt with
#      tests/bench/gen_personnummer.py (fixed seed, so always the same bytes):
#      YYMMDD-NNNC, YYMMDDNNNC, YYMMDD+NNNC, YYYYMMDDNNNC, YYYYMMDD-NNNC;
#      ~94 % valid personnummer, ~1 % samordningsnummer, ~5 % invalid (wrong
#      Luhn digit or a date that does not exist), with per-line labels in
#      target/bench/personnummer.labels;
#   4. checks on the first 10 000 lines how often the three disagree on
#      validity (python-stdnum rejects samordningsnummer: reported apart);
#   5. times each tool (one warm-up, then BENCH_RUNS interleaved rounds) as a
#      whole process: read the file, validate every line, write one result
#      line per input line to /dev/null:
#        amif-check ids --reference-date 2026-01-01 target/bench/personnummer.txt
#        target/bench/venv/bin/python tests/bench/stdnum_ids.py FILE
#        node tests/bench/npm_ids.mjs FILE target/bench/node
#      and prints seconds, lines/s and how many times faster amif-check is,
#      against the targets: >= 20x python-stdnum and >= 2x npm personnummer.
#   Results also go to target/bench/ids.json.
#
# Environment (all optional):
#   BENCH_RUNS=5                     timed rounds; the median decides
#   BENCH_LINES=1000000              lines to generate
#   STDNUM_SPEC=python-stdnum==2.2   what pip installs
#   NPM_SPEC=personnummer@3.2.1      what npm installs
#   CARGO_TARGET_DIR                 where cargo puts the binary (default target)
# The machine should be otherwise idle: other work on its cores shows up in
# the numbers (the load average before and after is printed).
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH=target/bench
RUNS="${BENCH_RUNS:-5}"
LINES="${BENCH_LINES:-1000000}"
STDNUM_SPEC="${STDNUM_SPEC:-python-stdnum==2.2}"
NPM_SPEC="${NPM_SPEC:-personnummer@3.2.1}"
REFERENCE_DATE=2026-01-01
AMIF="${CARGO_TARGET_DIR:-target}/release/amif-check"

step() { printf '\n==> %s\n' "$*"; }
mkdir -p "$BENCH"

step "Building amif-check (release)"
cargo build --release --locked --bin amif-check

step "python-stdnum ($STDNUM_SPEC) in $BENCH/venv"
if [ ! -x "$BENCH/venv/bin/python" ]; then
  if ! python3 -m venv "$BENCH/venv"; then
    rm -rf "$BENCH/venv"
    echo "python3 -m venv failed; on Debian: apt-get install python3-venv" >&2
    exit 2
  fi
fi
STDNUM_WANT="${STDNUM_SPEC#*==}"
STDNUM_HAVE="$("$BENCH/venv/bin/python" -c 'import stdnum; print(stdnum.__version__)' 2>/dev/null || true)"
if [ -z "$STDNUM_HAVE" ] || { [ "$STDNUM_WANT" != "$STDNUM_SPEC" ] && [ "$STDNUM_HAVE" != "$STDNUM_WANT" ]; }; then
  "$BENCH/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$STDNUM_SPEC"
fi
"$BENCH/venv/bin/python" -c 'import stdnum; print("python-stdnum", stdnum.__version__)'

step "npm personnummer ($NPM_SPEC) in $BENCH/node"
NPM_WANT="${NPM_SPEC#personnummer@}"
NPM_PKG="$BENCH/node/node_modules/personnummer/package.json"
NPM_HAVE="$(node -p "require('./$NPM_PKG').version" 2>/dev/null || true)"
if [ -z "$NPM_HAVE" ] || { [ "$NPM_WANT" != "$NPM_SPEC" ] && [ "$NPM_HAVE" != "$NPM_WANT" ]; }; then
  mkdir -p "$BENCH/node"
  npm install --prefix "$BENCH/node" --no-audit --no-fund --loglevel=error "$NPM_SPEC"
fi
node -p "'personnummer ' + require('./$NPM_PKG').version"

step "Generating $LINES personnummer lines into $BENCH/personnummer.txt"
python3 tests/bench/gen_personnummer.py "$BENCH/personnummer.txt" "$BENCH/personnummer.labels" \
  --count "$LINES" --reference-year "${REFERENCE_DATE%%-*}"

step "Agreement and throughput"
python3 tests/bench/bench_ids.py \
  --amif "$AMIF" \
  --python "$BENCH/venv/bin/python" \
  --node node \
  --node-prefix "$BENCH/node" \
  --data "$BENCH/personnummer.txt" \
  --labels "$BENCH/personnummer.labels" \
  --reference-date "$REFERENCE_DATE" \
  --runs "$RUNS" \
  --agree-lines 10000 \
  --json "$BENCH/ids.json"
