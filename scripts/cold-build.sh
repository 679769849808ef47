#!/usr/bin/env bash
# The README's two commands, cold: an empty target folder, the registry
# already downloaded (`cargo fetch`). Prints the load before each step, the
# wall-clock time of each: `cargo run -- ...` (build and one report), the
# tests' build (`cargo test --no-run`) and their run (`cargo test`, nothing
# left to build), and the crates each build compiled.
# Usage: bash scripts/cold-build.sh [TARGET_DIR]   (default: a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-$(mktemp -d)}
rm -rf "$target"
mkdir -p "$target"
export CARGO_TARGET_DIR=$target
cargo fetch --quiet
step() {
    local name=$1
    shift
    printf '%-11s load %s\n' "$name" "$(cut -d' ' -f1-3 /proc/loadavg)"
    local start end
    start=$(date +%s.%N)
    "$@" >"$target/${name// /-}.log" 2>&1 || { echo "$name failed: $target/${name// /-}.log" >&2; exit 1; }
    end=$(date +%s.%N)
    printf '%-11s %6.1f s, %s crates compiled\n' "$name" "$(echo "$end - $start" | bc)" \
        "$(grep -c '^ *Compiling' "$target/${name// /-}.log" || true)"
}
step "cargo run" cargo run -- --workspace examples/workspace gap alex-morgan --role community-link-worker
step "test build" cargo test --no-run
step "test run" cargo test
compiled() { grep '^ *Compiling' "$target/$1" | awk '{print $2, $3}' | sort; }
echo "compiled for the tests: $(compiled test-build.log | awk '{print $1}' | tr '\n' ' ')"
echo "compiled by both (other than competency): $(comm -12 <(compiled cargo-run.log) <(compiled test-build.log) | grep -v '^competency ' | tr '\n' ' ')"
