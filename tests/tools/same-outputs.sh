#!/usr/bin/env bash
# Whether revisions give byte-identical `check --format json` and `report
# --format json` on every fixture (and on any further registers given, e.g.
# the benchmark's): the proof that a change meant to keep behaviour kept it.
# Each revision is built (debug) in a worktree of its own; the inputs are this
# checkout's. Not a test: a tool for structural changes.
# Usage: bash tests/tools/same-outputs.sh REV REV... [-- REGISTER...]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
revs=()
# Resolved here: inside the worktree "HEAD" would name the worktree's own.
while [ $# -gt 0 ] && [ "$1" != "--" ]; do revs+=("$(git rev-parse --short --verify "$1^{commit}")"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#revs[@]} -ge 2 ] || { echo "usage: $0 REV REV... [-- REGISTER...]" >&2; exit 2; }
inputs=(tests/fixtures/*.csv tests/fixtures/*.xlsx tests/fixtures/*.ods tests/fixtures/*.xls web/sample/*.csv "$@")

work="${CARGO_TARGET_DIR:-$root/target}/same-outputs"
mkdir -p "$work"
tree="$work/tree"
[ -d "$tree" ] || git worktree add --quiet --detach "$tree" "${revs[0]}"

for rev in "${revs[@]}"; do
  out="$work/out/$rev"
  rm -rf "$out" && mkdir -p "$out"
  git -C "$tree" checkout --quiet --detach "$rev"
  CARGO_TARGET_DIR="$work/target" cargo build --quiet --manifest-path "$tree/Cargo.toml" --bin amif-check
  for input in "${inputs[@]}"; do
    name=$(basename "$input")
    case $input in /*) ;; *) input="$root/$input" ;; esac
    for command in check report; do
      # Exit 1 (the register has errors) and 2 (refused) are outputs too.
      "$work/target/debug/amif-check" "$command" "$input" --reference-date 2026-11-22 \
        --format json >"$out/$name.$command.json" 2>"$out/$name.$command.stderr" \
        && echo 0 >>"$out/$name.$command.stderr" || echo $? >>"$out/$name.$command.stderr"
    done
  done
done

status=0
for ((i = 1; i < ${#revs[@]}; i++)); do
  before=${revs[i - 1]} after=${revs[i]}
  if diff -rq "$work/out/$before" "$work/out/$after" >/dev/null; then
    echo "same: $before → $after (${#inputs[@]} registers, check and report JSON)"
  else
    echo "DIFFERENT: $before → $after"; diff -rq "$work/out/$before" "$work/out/$after" | head -20
    status=1
  fi
done
exit $status
