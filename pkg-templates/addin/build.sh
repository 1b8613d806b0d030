#!/usr/bin/env bash
# Builds the files to host for the Excel add-in (the page comes along: the
# pane uses its modules and worker) and renders the manifest for BASE_URL.
# Upload OUT_DIR's contents to BASE_URL on any HTTPS static host, then
# sideload OUT_DIR/manifest.xml (see the README).
# Usage: bash pkg-templates/addin/build.sh BASE_URL [OUT_DIR] [--id GUID] [--version n.n.n.n]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 1 ]; then
  echo "usage: bash pkg-templates/addin/build.sh BASE_URL [OUT_DIR] [--id GUID] [--version n.n.n.n]" >&2
  exit 2
fi
base_url=$1
shift
out=target/addin-site
if [ $# -gt 0 ] && [[ $1 != --* ]]; then
  out=$1
  shift
fi

bash web/build.sh
rm -rf "$out"
mkdir -p "$out"
# The static files only: not the local server, scripts, notes or type-check files.
(cd web && tar -cf - --exclude=server.mjs --exclude='*.sh' --exclude=README.md --exclude=.gitignore --exclude='pkg/package.json' \
  --exclude='tsconfig*.json' --exclude='*.d.ts' .) \
  | tar -xf - -C "$out"
node pkg-templates/addin/render-manifest.mjs --base-url "$base_url" --out "$out/manifest.xml" "$@"
echo "add-in site in $out (manifest: $out/manifest.xml)"
