#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a bounded time each.
#
#   fuzz/run.sh              # 30 s per target
#   fuzz/run.sh 300          # 5 min per target
#   fuzz/run.sh 60 normalize clean
#
# Works on stable Rust: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly flags. No
# sanitizer by default (the core is safe Rust; set FUZZ_SANITIZER=address to use one).
# New interesting inputs go to fuzz/corpus/<target>/ (not committed), crashes to
# fuzz/artifacts/<target>/; each run's last lines are kept in fuzz/logs/<target>.log.
# A crash found here becomes a regression test beside the code or in tests/regressions.rs.
set -euo pipefail

cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(decode normalize ruby clean segment extract_quantities extract_dates extract_entities script)
fi

export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-none}"
mkdir -p logs
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== $target: ${seconds}s"
    # -max_len: reports are long, but the interesting structure is local; 8 KB keeps it fast.
    if cargo fuzz run --sanitizer "$sanitizer" --release --debug-assertions "$target" "corpus/$target" seeds -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        >"logs/$target.log" 2>&1; then
        grep -E "^stat::number_of_executed_units|^stat::new_units_added|^Done" "logs/$target.log" || true
    else
        status=1
        echo "!! $target failed; see fuzz/logs/$target.log and fuzz/artifacts/$target/"
        tail -n 30 "logs/$target.log"
    fi
done
exit $status
