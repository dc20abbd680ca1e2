#!/usr/bin/env bash
# Fuzz smoke test: runs each fuzz target for a fixed time and stops at the first crash.
#
#   fuzz/smoke.sh                      # 60 seconds per target
#   FUZZ_SECONDS=600 fuzz/smoke.sh     # longer
#   fuzz/smoke.sh letter_render        # one target
#
# Needs cargo-fuzz (installed here when missing) and a nightly toolchain for the sanitizer
# flags; without nightly, stable is used with RUSTC_BOOTSTRAP=1. A crash leaves its input in
# fuzz/artifacts/TARGET/; reproduce it with `cargo fuzz run TARGET fuzz/artifacts/TARGET/FILE`
# and add it to tests/integration/bad_input.rs as a regression row.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(rules_load answers_assess letter_render letter_template)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

# Seeds: the shipped rule set and the test fixtures, so the fuzzer starts from real files.
seeds_for() {
    case "$1" in
        rules_load) echo rules tests/fixtures/rules ;;
        answers_assess) echo tests/fixtures/answers tests/fixtures/letters rules/cases ;;
        letter_render) echo ;;
        letter_template) echo fuzz/seeds/letter_template ;;
    esac
}

for target in "${targets[@]}"; do
    echo "== $target: ${seconds}s"
    mkdir -p "fuzz/corpus/$target"
    # shellcheck disable=SC2046
    cargo "${toolchain[@]}" fuzz run "$target" "fuzz/corpus/$target" $(seeds_for "$target") -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 \
        -print_final_stats=1
done
echo "fuzz smoke: ${#targets[@]} target(s), ${seconds}s each, no crash"
