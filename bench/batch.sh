#!/usr/bin/env bash
# Batch throughput, peak memory and whole-process time, end to end through the release
# binary. Prints:
#   batch: lines per second for a generated 1,000,000-line input (one core),
#   batch: peak resident memory,
#   advise --answers FILE --format json: mean wall time per run, against a trivial Rust
#   binary built here (the process floor), and their ratio.
#
# Usage: bench/batch.sh [LINES] [RUNS]   (defaults 1000000 and 200)
set -euo pipefail
cd "$(dirname "$0")/.."

lines=${1:-1000000}
runs=${2:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building (release)..." >&2
cargo build --release --quiet --bin interview-advisor --example gen_batch
advisor=target/release/interview-advisor

echo "generating $lines lines..." >&2
target/release/examples/gen_batch "$lines" > "$work/in.jsonl"
echo "input: $(wc -c < "$work/in.jsonl") bytes" >&2

# Peak memory: GNU time's maximum resident set size when it is installed; otherwise
# the kernel's high-water mark (VmHWM) read just before the process exits is not
# reachable from outside, so fall back to a tiny wrapper that reports getrusage.
peak_kib() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$work/rss" "$@" > /dev/null
        tail -n 1 "$work/rss"
    else
        python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
    fi
}

now_ns() { date +%s%N; }

# Batch on one core: taskset pins it when available.
pin=()
if command -v taskset > /dev/null; then pin=(taskset -c 0); fi
start=$(now_ns)
"${pin[@]}" "$advisor" batch "$work/in.jsonl" > /dev/null
elapsed=$(( $(now_ns) - start ))
rate=$(( lines * 1000000000 / elapsed ))
kib=$(peak_kib "$advisor" batch "$work/in.jsonl")
echo "batch: $lines lines in $(( elapsed / 1000000 )) ms: $rate lines/s (one core)"
echo "batch: peak memory $(( kib / 1024 )) MiB ($kib KiB)"

# The process floor: a trivial Rust binary, built with the same compiler and -O.
echo 'fn main() { println!("ok"); }' > "$work/floor.rs"
rustc -O -o "$work/floor" "$work/floor.rs"
head -n 1 "$work/in.jsonl" > "$work/answers.json"

mean_us() {
    local start end
    "$@" > /dev/null # warm the page cache
    start=$(now_ns)
    for _ in $(seq "$runs"); do "$@" > /dev/null; done
    end=$(now_ns)
    echo $(( (end - start) / runs / 1000 ))
}
if command -v hyperfine > /dev/null; then
    echo "(hyperfine is installed; its figures follow the plain loop's)" >&2
fi
floor=$(mean_us "$work/floor")
advise=$(mean_us "$advisor" advise --answers "$work/answers.json" --format json)
floor2=$(mean_us "$work/floor")
floor=$(( (floor + floor2) / 2 ))
ratio=$(awk -v a="$advise" -v f="$floor" 'BEGIN { printf "%.2f", a / f }')
echo "advise --answers FILE --format json: ${advise} us per run; process floor ${floor} us; ratio ${ratio}x"
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 20 -N "$work/floor" \
        "$advisor advise --answers $work/answers.json --format json"
fi
