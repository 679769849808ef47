#!/usr/bin/env bash
# Benchmark competency on generated organisations of 1 000, 10 000 and 50 000
# people (or the sizes given as arguments), against two yardsticks: reading
# every record file with `cat` (the floor), and a plain Python script that
# computes the same team report (scripts/baseline/team.py).
#
#   bash scripts/bench.sh                 # 1000 10000 50000
#   bash scripts/bench.sh 1000 10000      # chosen sizes
#
# Prints a table per size: median wall time (hyperfine), peak memory
# (/usr/bin/time -v), and each command's ratio to the floor; then checks that
# the Rust and Python team reports give the same numbers. Workspaces are kept
# in $BENCH_DIR (default /tmp/competency-bench) for reuse.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
bench_dir=${BENCH_DIR:-/tmp/competency-bench}
results=${BENCH_RESULTS:-$bench_dir/results.md}

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
  echo "installing hyperfine and time (Debian packages)"
  if need apt-get; then
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y -qq hyperfine time >/dev/null 2>&1 ||
      { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq hyperfine time; }
  else
    echo "hyperfine and GNU time are needed; install them and run again" >&2
    exit 2
  fi
fi
python3 -c 'import yaml, tomllib' 2>/dev/null || python3 -m pip install --quiet pyyaml

cargo build --release --quiet
cargo build --release --quiet --example gen-workspace
bin=$PWD/target/release/competency
gen=$PWD/target/release/examples/gen-workspace
baseline=$PWD/scripts/baseline/team.py
role=community-link-worker
mkdir -p "$bench_dir"

{
  echo "# competency benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "competency $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(rustc --version), $(hyperfine --version), $(python3 --version)"
} > "$results"

ms() { python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000, 1))" "$1"; }

for n in "${sizes[@]}"; do
  ws=$bench_dir/ws-$n
  [ -f "$ws/competency.toml" ] || "$gen" --people "$n" --out "$ws"
  person=$(cd "$ws/assessments" && for d in *; do echo "$d"; break; done)
  files=$(find "$ws/assessments" -name '*.toml' | wc -l)
  runs=10; [ "$n" -lt 20000 ] || runs=5
  py_runs=3; [ "$n" -lt 20000 ] || py_runs=2
  declare -A cmd=(
    [floor]="find assessments -name '*.toml' -print0 | xargs -0 cat > /dev/null"
    [validate]="$bin validate"
    [gap]="$bin gap $person --role $role"
    [team]="$bin team --role $role"
    [team-summary]="$bin team --role $role --summary"
    [readiness]="$bin readiness $person"
    [export]="$bin export --format csv"
    [python-team]="python3 $baseline . $role"
  )
  order=(floor validate gap team team-summary readiness export python-team)
  echo
  echo "== $n people, $files records"
  for name in "${order[@]}"; do
    r=$runs; [ "$name" != python-team ] || r=$py_runs
    (cd "$ws" && hyperfine --style none --warmup 1 --runs "$r" --export-json "$bench_dir/$n-$name.json" "${cmd[$name]}" > /dev/null 2>&1)
    (cd "$ws" && /usr/bin/time -v bash -c "${cmd[$name]} > /dev/null" 2> "$bench_dir/$n-$name.time")
  done
  floor=$(ms "$bench_dir/$n-floor.json")
  {
    echo
    echo "## $n people, $files record files"
    echo
    echo "| command | median | peak memory | × floor |"
    echo "|---|---:|---:|---:|"
    for name in "${order[@]}"; do
      t=$(ms "$bench_dir/$n-$name.json")
      kb=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$bench_dir/$n-$name.time")
      ratio=$(python3 -c "print(f'{$t / $floor:.2f}')")
      label=$name; [ "$name" != floor ] || label="floor: cat every record"
      echo "| \`$label\` | $t ms | $((kb / 1024)) MiB | $ratio |"
    done
    team=$(ms "$bench_dir/$n-team.json")
    py=$(ms "$bench_dir/$n-python-team.json")
    echo
    echo "team: $(python3 -c "print(f'{$py / $team:.1f}')")× faster than the Python baseline ($py ms vs $team ms)."
  } | tee -a "$results"

  # Both team reports must give the same numbers.
  (cd "$ws" && "$bin" team --role "$role" --format json > "$bench_dir/$n-team-rust.json"
   python3 "$baseline" . "$role" > "$bench_dir/$n-team-python.json")
  python3 - "$bench_dir/$n-team-rust.json" "$bench_dir/$n-team-python.json" <<'PY' | tee -a "$results"
import json, sys
rust, py = (json.load(open(p)) for p in sys.argv[1:3])
members = [
    {"person": m["person"], "met": m["summary"]["meets"] + m["summary"]["exceeds"],
     "applicable": m["summary"]["meets"] + m["summary"]["exceeds"] + m["summary"]["below"] + m["summary"]["unrated"],
     "shortfall": m["shortfall"]}
    for m in rust["members"]
]
needs = [{k: n[k] for k in ("competency", "below", "shortfall", "unrated")} for n in rust["needs"]]
same = members == py["members"] and needs == py["needs"]
print(f"\nRust and Python team reports agree on {len(members)} people and {len(needs)} competencies: {'yes' if same else 'NO'}")
sys.exit(0 if same else 1)
PY
done
echo
echo "results written to $results"
