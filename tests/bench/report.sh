#!/usr/bin/env bash
# Benchmark of `amif-check report` on a generated 1 000 000-row register
# (semicolon CSV, Windows-1252, ~105 MB with names, birth date and
# municipality, as real registers have): rows/s and peak memory. A benchmark,
# not a test: no test suite runs it.
#
# Usage (from the repository root): bash tests/bench/report.sh [ROWS]
# Target: < 1 s and peak memory < 2 × the file size.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-1000000}"
dir="${CARGO_TARGET_DIR:-target}/bench"
mkdir -p "$dir"
file="$dir/register-$rows.csv"
[ -f "$file" ] || python3 tests/bench/gen_register.py "$rows" "$file"
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/amif-check"
size=$(stat -c %s "$file")
"$bin" report "$file" --reference-date 2026-11-22 >/dev/null || true   # warm the page cache
best=""
for _ in 1 2 3; do
  # GNU time's %e and %M: wall seconds and peak resident set in KB.
  # The register has errors on purpose, so report exits 1: not a failure here.
  out=$( { /usr/bin/time -f '%e %M' "$bin" report "$file" --reference-date 2026-11-22 >/dev/null || true; } 2>&1 | tail -n 1)
  secs=${out% *}; kb=${out#* }
  if [ -z "$best" ] || awk "BEGIN{exit !($secs < ${best% *})}"; then best="$secs $kb"; fi
done
secs=${best% *}; kb=${best#* }
awk -v rows="$rows" -v size="$size" -v secs="$secs" -v kb="$kb" 'BEGIN {
  printf "rows %d, file %.1f MB\n", rows, size / 1e6
  printf "time %.2f s (best of 3), %.2f M rows/s, %.0f MB/s\n", secs, rows / secs / 1e6, size / secs / 1e6
  printf "peak memory %.1f MB = %.2f x file size\n", kb * 1024 / 1e6, kb * 1024 / size
}'
