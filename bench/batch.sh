#!/usr/bin/env bash
# Batch throughput, peak memory and whole-process time, end to end through the release
# binary. Prints:
#   batch: lines per second for a generated 1,000,000-line input (one core),
#   batch: peak resident memory,
#   advise --answers FILE --format json, for a JSON and a YAML answers file: wall time per
#   run against a trivial Rust binary built here (the process floor), and their ratio.
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

# Mean wall time of one run of a command, in microseconds, over `$1` runs.
mean_us() {
    local n=$1 start
    shift
    start=$(now_ns)
    for _ in $(seq "$n"); do "$@" > /dev/null; done
    echo $(( ($(now_ns) - start) / n / 1000 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The two are timed in alternating rounds, and the medians of the rounds are compared: on a
# shared machine, load that comes and goes then touches both alike, and a disturbed round
# does not move the result.
rounds=20
per_round=$(( (runs + rounds - 1) / rounds ))
# The same answers as YAML, the form `advise --save` writes.
"$advisor" advise --answers "$work/answers.json" --save "$work/answers.yaml" > /dev/null 2>&1

# Prints the median time of `advise --answers FILE --format json` against the floor's.
compare_with_floor() {
    local file=$1 f a
    local advise_cmd=("$advisor" advise --answers "$file" --format json)
    "${advise_cmd[@]}" > /dev/null # warm the page cache
    "$work/floor" > /dev/null
    : > "$work/floor.us"
    : > "$work/advise.us"
    : > "$work/ratio"
    for _ in $(seq "$rounds"); do
        f=$(mean_us "$per_round" "$work/floor")
        a=$(mean_us "$per_round" "${advise_cmd[@]}")
        echo "$f" >> "$work/floor.us"
        echo "$a" >> "$work/advise.us"
        awk -v a="$a" -v f="$f" 'BEGIN { print a / f }' >> "$work/ratio"
    done
    local floor advise ratio spread
    floor=$(median < "$work/floor.us")
    advise=$(median < "$work/advise.us")
    ratio=$(median < "$work/ratio" | awk '{ printf "%.2f", $1 }')
    spread=$(sort -n "$work/ratio" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')
    echo "advise --answers ${file##*/} --format json: ${advise} us per run; process floor \
${floor} us; ratio ${ratio}x (median of $rounds rounds of $per_round runs each; rounds ranged ${spread}x)"
}
compare_with_floor "$work/answers.json"
compare_with_floor "$work/answers.yaml"
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 20 -N "$work/floor" \
        "$advisor advise --answers $work/answers.json --format json"
fi
