#!/usr/bin/env bash
# Benchmark competency on generated organisations of 1 000, 10 000 and 50 000
# people (or the sizes given as arguments), against two floors and two
# Python peers:
#
# - the C floor: scripts/floor/floor.c, one thread reading every record file
#   once (opendir/readdir, openat relative to the person's folder, read whole,
#   close): the least any report that reads every record must do;
# - the cat floor: `find assessments -name '*.toml' -print0 | xargs -0 cat`,
#   mostly the cost of starting `cat` processes, kept for comparison;
# - the plain Python peer: scripts/baseline/team.py (tomllib for every record);
# - the fast Python peer: scripts/baseline/team_fast.py (a line scanner for
#   the layout `assess` writes, tomllib for anything else).
#
# The reports that read everyone (validate, team, export) use the index of
# checked records, .competency/index: the equality check's `team` run
# builds it, and hyperfine's warm-up runs find it current, so their rows
# are the warm-index case (what a user sees from the second report on).
# Two rows more give the other cases: `team` with the index turned off
# (COMPETENCY_NO_INDEX=1: every record read and checked, as before the
# index), and `team` with the index deleted before each run (it reads every
# record and writes the index: a first run).
#
#   bash scripts/bench.sh                 # 1000 10000 50000
#   bash scripts/bench.sh 1000 10000      # chosen sizes
#
# First checks both Python peers against the tool on a workspace of awkward
# cases (scripts/baseline/check.sh). Then for each size: checks that both
# Python team reports equal `competency team --role community-link-worker
# --format json` (exits 1 if not), times every command with hyperfine (two
# warm-up runs, then $BENCH_RUNS runs: default 10 below 20 000 people, 5
# above; five times as many for `--version`, `gap` and `readiness`; the
# plain Python peer one warm-up and $BENCH_PLAIN_RUNS runs, default 5),
# measures peak memory with /usr/bin/time -v, and writes a markdown table
# (min / median / max, memory, ratios to both floors, the Python peers
# against `team`, `gap` against process start, the load average) to
# $BENCH_RESULTS (default $BENCH_DIR/results.md). Workspaces are kept in
# $BENCH_DIR (default /tmp/competency-bench) for reuse. Figures taken on a
# busy machine are not comparable: look at the load column.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
for n in "${sizes[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "sizes are numbers of people, not \`$n\`" >&2; exit 2; }
done
bench_dir=${BENCH_DIR:-/tmp/competency-bench}
results=${BENCH_RESULTS:-$bench_dir/results.md}
role=community-link-worker

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  need apt-get || { echo "$* needed; install and run again" >&2; exit 2; }
  local sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "installing $* (Debian packages)"
  $sudo_cmd apt-get install -y -qq "$@" >/dev/null 2>&1 ||
    { $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "$@"; }
}
need hyperfine || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
cc=$(command -v cc || command -v gcc || true)
[ -n "$cc" ] || { apt_install gcc; cc=$(command -v gcc); }
python3 -c 'import tomllib' 2>/dev/null ||
  { echo "Python 3.11 or later is needed (tomllib)" >&2; exit 2; }
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml

cargo build --release --quiet
cargo build --release --quiet --example gen-workspace
bin=$PWD/target/release/competency
gen=$PWD/target/release/examples/gen-workspace
plain=$PWD/scripts/baseline/team.py
fast=$PWD/scripts/baseline/team_fast.py
mkdir -p "$bench_dir"
floor=$bench_dir/floor
"$cc" -O2 -o "$floor" scripts/floor/floor.c

# The Python peers against the tool on a workspace of awkward cases first.
# BENCH_SKIP_CHECK=1 times them all the same, saying under each table that
# they were not checked (for when the peers lag behind a change to `team`).
if [ -n "${BENCH_SKIP_CHECK:-}" ]; then
  echo "BENCH_SKIP_CHECK: the Python peers are not checked against \`team\`" >&2
else
  bash scripts/baseline/check.sh "$bin" || { echo "the Python peers disagree with \`team\`" >&2; exit 1; }
fi

{
  echo "# competency benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "competency $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src changed)'), $(rustc --version), $(hyperfine --version), $(python3 --version), $("$cc" --version | head -1)"
  echo
  echo "at start: \`$(uptime)\`"
} > "$results"

# Milliseconds from hyperfine's JSON: min, median and max.
stats() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(*(f"{r[k] * 1000:.1f}" for k in ("min", "median", "max")))
PY
}
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.2f}')" "$1" "$2"; }
fmt_ms() { python3 -c "import sys; v = float(sys.argv[1]); print(f'{v:,.1f}'.replace(',', ' ') + ' ms')" "$1"; }

for n in "${sizes[@]}"; do
  ws=$bench_dir/ws-$n
  [ -f "$ws/competency.toml" ] || "$gen" --people "$n" --out "$ws"
  person=$(cd "$ws/assessments" && for d in *; do echo "$d"; break; done)
  files=$(find "$ws/assessments" -name '*.toml' | wc -l)
  runs=${BENCH_RUNS:-10}; [ -n "${BENCH_RUNS:-}" ] || [ "$n" -lt 20000 ] || runs=5
  plain_runs=${BENCH_PLAIN_RUNS:-5}
  load_before=$(uptime | sed 's/.*load average: //')
  echo
  echo "== $n people, $files records; load average $load_before"

  # Both Python team reports must equal the tool's, number for number.
  (cd "$ws" && "$bin" team --role "$role" --format json > "$bench_dir/$n-team-rust.json")
  python3 "$plain" "$ws" "$role" > "$bench_dir/$n-team-plain.json"
  python3 "$fast" "$ws" "$role" > "$bench_dir/$n-team-fast.json"
  agree=$(python3 scripts/baseline/compare.py "$bench_dir/$n-team-rust.json" \
    "$bench_dir/$n-team-plain.json" "$bench_dir/$n-team-fast.json") ||
    if [ -n "${BENCH_SKIP_CHECK:-}" ]; then
      agree="NOT CHECKED (BENCH_SKIP_CHECK): the Python peers' team reports differ from the tool's; see $bench_dir/$n-team-*.json"
    else
      echo "the team reports differ at $n people; see $bench_dir/$n-team-*.json" >&2; exit 1
    fi
  echo "$agree"

  declare -A cmd=(
    [floor-c]="$floor ."
    [floor-cat]="find assessments -name '*.toml' -print0 | xargs -0 cat > /dev/null"
    [version]="$bin --version"
    [gap]="$bin gap $person"
    [validate]="$bin validate"
    [team]="$bin team --role $role"
    [team-summary]="$bin team --role $role --summary"
    [team-no-index]="env COMPETENCY_NO_INDEX=1 $bin team --role $role"
    [team-first]="$bin team --role $role"
    [readiness]="$bin readiness $person"
    [export]="$bin export --format csv"
    [python-fast]="python3 $fast . $role"
    [python-plain]="python3 $plain . $role"
  )
  declare -A label=(
    [floor-c]="floor: C reader, one thread"
    [floor-cat]="floor: find \\| xargs cat"
    [version]="competency --version"
    [gap]="gap PERSON"
    [validate]="validate"
    [team]="team --role $role"
    [team-summary]="team --role $role --summary"
    [team-no-index]="team --role $role, index off"
    [team-first]="team --role $role, index rebuilt"
    [readiness]="readiness PERSON"
    [export]="export --format csv"
    [python-fast]="Python fast peer (team_fast.py)"
    [python-plain]="Python plain peer (team.py)"
  )
  declare -A load=()
  order=(floor-c floor-cat version gap validate team team-summary team-no-index team-first readiness export python-fast python-plain)
  for name in "${order[@]}"; do
    r=$runs; warmup=2; shell=(--shell=none); prepare=()
    case $name in
      version | gap | readiness) r=$((runs * 5)) ;;
      python-plain) r=$plain_runs; warmup=1 ;;
      floor-cat) shell=() ;;
      # Every run a first run: no index to start from.
      team-first) prepare=(--prepare "rm -f .competency/index") ;;
    esac
    load[$name]=$(cut -d' ' -f1 /proc/loadavg)
    echo "   $name (load ${load[$name]})"
    (cd "$ws" && hyperfine --style none "${shell[@]}" "${prepare[@]}" --warmup "$warmup" --runs "$r" \
      --export-json "$bench_dir/$n-$name.json" "${cmd[$name]}" > /dev/null)
    [ "$name" != team-first ] || rm -f "$ws/.competency/index"
    (cd "$ws" && /usr/bin/time -v bash -c "${cmd[$name]} > /dev/null" 2> "$bench_dir/$n-$name.time")
  done

  read -r _ c_floor _ < <(stats "$bench_dir/$n-floor-c.json")
  read -r _ cat_floor _ < <(stats "$bench_dir/$n-floor-cat.json")
  read -r _ team _ < <(stats "$bench_dir/$n-team.json")
  read -r _ version _ < <(stats "$bench_dir/$n-version.json")
  read -r _ gap _ < <(stats "$bench_dir/$n-gap.json")
  read -r version_min _ < <(stats "$bench_dir/$n-version.json")
  read -r gap_min _ < <(stats "$bench_dir/$n-gap.json")
  {
    echo
    echo "## $n people, $files record files"
    echo
    echo "\`$(cd "$ws" && "$floor" .)\` read by the C floor; load average (1, 5, 15 min) before this size \`$load_before\`, after \`$(uptime | sed 's/.*load average: //')\`"
    echo
    echo "| command | min | median | max | peak memory | × C floor | × cat floor | load |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for name in "${order[@]}"; do
      read -r lo mid hi < <(stats "$bench_dir/$n-$name.json")
      kb=$(awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}' "$bench_dir/$n-$name.time")
      echo "| \`${label[$name]}\` | $(fmt_ms "$lo") | $(fmt_ms "$mid") | $(fmt_ms "$hi") | $((kb / 1024)) MiB | $(ratio "$mid" "$c_floor") | $(ratio "$mid" "$cat_floor") | ${load[$name]} |"
    done
    read -r _ fast_py _ < <(stats "$bench_dir/$n-python-fast.json")
    read -r _ plain_py _ < <(stats "$bench_dir/$n-python-plain.json")
    echo
    echo "- Python peers against \`team\` (median): fast peer $(ratio "$fast_py" "$team")× as long, plain peer $(ratio "$plain_py" "$team")× as long."
    echo "- \`gap\` start-up: $(python3 -c "print(f'{$gap - $version:.1f}')") ms beyond \`competency --version\` at the median ($gap ms against $version ms), $(python3 -c "print(f'{$gap_min - $version_min:.1f}')") ms at the minimum."
    echo "- Equality: $agree."
  } | tee -a "$results"
done
echo "at end: \`$(uptime)\`" >> "$results"
echo
echo "results written to $results"
