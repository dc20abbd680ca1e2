#!/usr/bin/env bash
# How fast hostile input is refused: runs the bad-input corpus
# (tests/integration/bad_input.rs) against a release build, one row at a time, and prints
# the slowest rows with their wall time.
# Each row runs the real binary in a fresh folder, so a figure is a whole process: start-up,
# reading the input, refusing it, exit.
#
# Usage: bench/bad_input.sh [ROWS]   (how many of the slowest rows to list, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-10}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "running the corpus on a release build..." >&2
# The corpus is the `bad_input` module of the one integration-test binary; the filter runs
# only its rows.
cargo test --release --locked --quiet --test integration -- bad_input:: --nocapture --test-threads=1 \
    > "$out" 2>&1 || { cat "$out" >&2; exit 1; }

grep -o 'bad-input time: [A-Za-z0-9_]* [0-9]*' "$out" | awk '{ print $4, $3 }' | sort -rn > "$out.sorted"
count=$(wc -l < "$out.sorted")
median=$(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' "$out.sorted")
echo "rows: $count, median $median ms (whole process, release build)"
echo "slowest rows (ms):"
head -n "$rows" "$out.sorted" | sed 's/^/  /'
rm -f "$out.sorted"
