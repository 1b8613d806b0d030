#!/usr/bin/env bash
# The marked copies and templates the tool writes open in LibreOffice: each is converted
# to PDF headless, which fails on a package LibreOffice cannot load. Run by
# tests/run-all.sh after cargo test (which built target/debug/amif-check).
# Usage: bash tests/tools/marked-copies-open.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/tools/ensure.sh
ensure_libreoffice

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cli=target/debug/amif-check
[ -x "$cli" ] || cargo build --locked --quiet --bin amif-check
for input in marking.xlsx marking_libreoffice.xlsx edges.xlsx messy_register.csv messy_register.ods; do
  name="${input%.*}-$(echo "$input" | tr . -)"
  # Exit 1 means the register has findings: the copy is written all the same.
  "$cli" check "tests/fixtures/$input" --reference-date 2026-11-22 --format json \
    --marked "$out/$name.xlsx" > /dev/null || [ $? -eq 1 ]
  [ -s "$out/$name.xlsx" ] || { echo "no marked copy of $input" >&2; exit 1; }
done
# Register templates too.
"$cli" template --country se --indicators O.2.3,O.2.3.1,R.2.9,O.2.2,O.2.7,O.2.4 "$out/template-se.xlsx"
"$cli" template --country fi --action 2D5 --lang fi "$out/template-fi.xlsx"
# A profile of its own: a user's LibreOffice settings never come into it.
(cd "$out" && soffice -env:UserInstallation="file://$out/profile" --headless \
  --convert-to pdf ./*.xlsx > "$out/convert.log" 2>&1) || true
for copy in "$out"/*.xlsx; do
  pdf="${copy%.xlsx}.pdf"
  if [ ! -s "$pdf" ]; then
    echo "LibreOffice could not open $(basename "$copy"):" >&2
    cat "$out/convert.log" >&2
    exit 1
  fi
done
echo "marked copies and templates open in LibreOffice: $(ls "$out"/*.pdf | wc -l) converted to PDF"
