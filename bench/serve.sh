#!/usr/bin/env bash
# Load test of `serve`: POST /api/v1/assess with one answers file, through the release
# binary on loopback, measured with oha (a load generator from crates.io; installed with
# `cargo install oha` when missing). Prints:
#   requests per second, and the p50/p99 latency, for each concurrency,
#   the service's resident memory when idle (after start-up) and after the load.
# The targets: at least 20,000 requests a second on 2 cores, p99 under 5 ms, idle memory
# under 30 MiB. The load generator runs on the same cores as the service, so the figures
# are a floor for what the service alone would do.
#
# Usage: bench/serve.sh [SECONDS] [CONCURRENCY...]   (defaults: 10, then 16 and 64)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
shift || true
concurrency=("${@:-16 64}")
# shellcheck disable=SC2206
concurrency=(${concurrency[*]})
work=$(mktemp -d)
service=""
cleanup() {
    if [ -n "$service" ]; then kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v oha > /dev/null; then
    echo "installing oha (cargo install oha)..." >&2
    cargo install oha --locked --quiet
fi

echo "building (release)..." >&2
cargo build --release --quiet --bin interview-advisor
advisor=target/release/interview-advisor

# Rules and settings as they ship: no personal rule set, no weights file.
export XDG_CONFIG_HOME="$work/config" HOME="$work/home"
unset INTERVIEW_ADVISOR_RULES

"$advisor" serve --port 0 2> "$work/log" &
service=$!
for _ in $(seq 100); do grep -q 'http://' "$work/log" 2>/dev/null && break; sleep 0.05; done
url=$(grep -o 'http://[0-9.:]*/' "$work/log" | head -1)
[ -n "$url" ] || { cat "$work/log" >&2; exit 1; }
echo "service at $url (pid $service) on $(nproc) cores" >&2

rss_mib() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$service/status"; }
# The service's CPU time so far, in clock ticks (user + system).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$service/stat"; }
ticks_per_second=$(getconf CLK_TCK)
sleep 0.5
echo "idle memory: $(rss_mib) MiB resident"

body=tests/fixtures/answers/valid.json
# One request by hand first: the answer must be the assessment, not an error.
oha -n 1 --no-tui -m POST -H 'content-type: application/json' -D "$body" \
    --output-format json "${url}api/v1/assess" > "$work/one.json"
python3 - "$work/one.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = r.get("statusCodeDistribution", {})
assert list(codes) == ["200"], f"the service answered {codes}"
PY

for c in "${concurrency[@]}"; do
    # A short warm-up, then the measured run.
    oha -z 1s -c "$c" --no-tui -m POST -H 'content-type: application/json' -D "$body" \
        "${url}api/v1/assess" > /dev/null
    before=$(cpu_ticks)
    oha -z "${seconds}s" -c "$c" --no-tui -m POST -H 'content-type: application/json' \
        -D "$body" --output-format json "${url}api/v1/assess" > "$work/run.json"
    after=$(cpu_ticks)
    # The service's own CPU time per request says what it would do on cores of its own:
    # the load generator and anything else running take the rest of the measured time.
    python3 - "$work/run.json" "$c" "$before" "$after" "$ticks_per_second" "$(nproc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
p = r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
done = sum(codes.values())
cpu = (int(sys.argv[4]) - int(sys.argv[3])) / int(sys.argv[5])
per = cpu / done * 1e6 if done else float("nan")
cores = int(sys.argv[6])
print(f"concurrency {sys.argv[2]:>3}: {s['requestsPerSec']:>9,.0f} requests/s, "
      f"p50 {p['p50'] * 1000:.2f} ms, p99 {p['p99'] * 1000:.2f} ms, "
      f"statuses {dict(codes)}; service CPU {per:.0f} us a request "
      f"(about {cores / per * 1e6:,.0f} requests/s on {cores} cores of its own)")
PY
done
echo "memory after the load: $(rss_mib) MiB resident"
