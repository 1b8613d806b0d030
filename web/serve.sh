#!/usr/bin/env bash
# Builds amif-check and runs it on the bundled sample.
# Until the web page lands this runs the CLI on the sample identifiers.
# Usage: bash web/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
./target/release/amif-check ids --reference-date "$(date +%F)" web/sample/identifiers.txt
