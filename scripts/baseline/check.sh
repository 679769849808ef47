#!/usr/bin/env bash
# Check both Python peers against `competency team --role ROLE --format json`
# on a small workspace of the awkward cases generated workspaces lack: a
# roster (roles that differ from the records, a leaver, someone with no
# records), an organisation, corrections (with a valid checksum, without one,
# of a draft, one that changes whose ratings count), not-applicable ratings,
# self-only people, a role named only on an older record, checklist ratings
# with ticked behaviours, records `assess` writes with escapes and other
# string forms, hand-written records in other layouts (multi-line and literal
# strings, comments, inline tables, CRLF line ends), workspace roles with
# levels by label, and a workspace role defined again with a bundled role's id (refused). Also checks
# that team_fast.py reads each of these records as tomllib reads it.
#
#   bash scripts/baseline/check.sh [BIN]   # BIN: the competency binary (default: target/release)
#
# Exits 1 if a report differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-$PWD/target/release/competency}
here=$PWD/scripts/baseline
ws=$(mktemp -d /tmp/competency-edges.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$ws"' EXIT   # KEEP=1 keeps the workspace
rmdir "$ws"
"$bin" init "$ws" --name Edges > /dev/null
c() { "$bin" --workspace "$ws" "$@" > "$ws/.last" 2>&1 || { cat "$ws/.last" >&2; exit 1; }; }
file() { ls "$ws/assessments/$1" | grep -- "$2" | head -1; }
all7() { # the seven competencies of a community link worker, at levels $1..$7
  echo --set team-working="$1" --set leading-supporting-and-developing-others="$2" \
    --set self-awareness-and-impact-on-others="$3" --set reason-judgement-and-decision-making="$4" \
    --set networking-and-relationship-building="$5" --set delivering-quality-services="$6" \
    --set customer-and-stakeholder-focus="$7"
}
clw=(--framework wdcvs --role community-link-worker)

# A workspace role file: a role of its own (levels by label, any case), and
# the generated workspace's council officer and service manager.
cat > "$ws/roles/ours.yaml" <<'EOF'
roles:
  - id: link-lead
    name: Link lead
    framework: wdcvs
    required:
      customer-and-stakeholder-focus: level 4
      team-working: "Level 2"
      networking-and-relationship-building: "3"
  - id: council-officer
    name: Council officer
    framework: cherwell-snc
    required:
      communication: D
      customer-focus: d
  - id: service-manager
    name: Service manager
    framework: cherwell-snc
    required:
      communication: F
EOF

# ann: self, manager (final), and a correction of the manager's record made
# with `assess --amend` (valid checksum): the correction replaces it.
c assess ann "${clw[@]}" --by self --rater Ann --date 2026-01-10 $(all7 3 3 3 3 3 3 3)
c assess ann "${clw[@]}" --by manager --rater Sam --date 2026-01-20 $(all7 1 1 1 1 1 1 1) --final
c assess ann "${clw[@]}" --by manager --rater Sam --date 2026-01-20 $(all7 4 4 4 2 2 2 2 | sed 's/--set team-working=4//') \
  --na team-working --final --amend "$(file ann manager)"
# bob: a hand-made correction (no checksum, a draft) of a final record: it
# does not replace it; his later self-assessment names no role.
c assess bob "${clw[@]}" --by manager --rater Sam --date 2026-02-01 $(all7 2 2 2 2 2 2 2) --final
cat > "$ws/assessments/bob/2026-02-02-wdcvs-manager-fix.toml" <<EOF
schema = 1
person = "bob"
framework = "wdcvs"
fingerprint = "$(grep '^fingerprint' "$ws/assessments/bob/$(file bob manager)" | cut -d'"' -f2)"
by = "manager"
rater = "Sam"
role = "community-link-worker"
date = "2026-02-02"
status = "draft"
created = "2026-02-02T09:00:00Z"
amends = "$(file bob manager)"

[[rating]]
competency = "team-working"
level = "4"
EOF
c assess bob --framework wdcvs --by self --rater Bob --date 2026-03-01 $(all7 3 4 3 4 3 4 3)
# cat: the roster says community link worker; her records are all Cherwell:
# all unrated. dan: the roster says service manager; his records say link
# worker: not a member. eve: left. fay: in the roster only, no records.
c assess cat --framework cherwell-snc --role council-officer --by manager --rater Lee --date 2026-02-01 \
  --set communication=D --final
c assess dan "${clw[@]}" --by manager --rater Sam --date 2026-02-01 $(all7 4 4 4 4 4 4 4) --final
c assess eve "${clw[@]}" --by manager --rater Sam --date 2026-02-01 $(all7 4 4 4 4 4 4 4) --final
c people add cat --name "Cat Reid" --role community-link-worker
c people add dan --name "Dan Cole" --role service-manager
c people add eve --name "Eve Ward" --role community-link-worker
c people add fay --name "Fay Bell" --role community-link-worker
c people add gus --name "Gus Khan"
sed -i '/^id = "eve"/a left = "2026-06-30"' "$ws/roster.toml"
# An organisation rated on WDCVS competencies, naming the role: never a member.
c assess riverside --subject organisation --framework sssc-clf --by manager --rater John --date 2026-01-25 \
  --set planning-for-learning-development-and-improved-practice=engaged
# gus: self only, some not applicable, some left out; an older record names
# the role, the newest (a peer's, on Cherwell) none.
c assess gus "${clw[@]}" --by self --rater Gus --date 2026-01-05 --set team-working=1 --na customer-and-stakeholder-focus \
  --set delivering-quality-services=4
c assess gus --framework cherwell-snc --by peer --rater Pat --date 2026-05-05 --set communication=C
# hal: a correction of a draft replaces it, checksum or not. (Records
# amending each other in a loop are an error that stops the report.)
mkdir -p "$ws/assessments/hal" && chmod 700 "$ws/assessments/hal"
fp=$(grep '^fingerprint' "$ws/assessments/ann/$(file ann self)" | cut -d'"' -f2)
draft() { # FILE DATE BY AMENDS RATINGS...
  local name=$1 date=$2 by=$3 amends=$4; shift 4
  {
    printf 'schema = 1\nperson = "hal"\nframework = "wdcvs"\nfingerprint = "%s"\nby = "%s"\nrole = "community-link-worker"\n' "$fp" "$by"
    printf 'date = "%s"\nstatus = "draft"\ncreated = "%sT08:00:00Z"\n' "$date" "$date"
    [ -z "$amends" ] || printf 'amends = "%s"\n' "$amends"
    for r in "$@"; do printf '\n[[rating]]\ncompetency = "%s"\nlevel = "%s"\n' "${r%=*}" "${r#*=}"; done
  } > "$ws/assessments/hal/$name"
  chmod 600 "$ws/assessments/hal/$name"
}
draft 2026-04-03-c.toml 2026-04-03 manager "" self-awareness-and-impact-on-others=1 team-working=2
draft 2026-04-04-d.toml 2026-04-04 manager 2026-04-03-c.toml self-awareness-and-impact-on-others=4
# ivy: hand-written records in other layouts, all read by tomllib in the
# fast peer: a multi-line string holding a line that looks like a level,
# literal strings, escapes, comments and an inline table of ratings.
mkdir -p "$ws/assessments/ivy" && chmod 700 "$ws/assessments/ivy"
cat > "$ws/assessments/ivy/2026-05-01-hand.toml" <<EOF
# written by hand
schema = 1
person = 'ivy'
framework = "wdcvs"   # the framework
fingerprint = "$fp"
by = "manager"
rater = "J\u00e9r\u00f4me \"JJ\" O'Neil"
role = 'community-link-worker'
date = "2026-05-01"
status = "draft"
created = "2026-05-01T08:00:00Z"

[[rating]]
competency = "team-working"
level = "2"
evidence = """
Said:
level = "4"
"""

[[rating]]
competency = 'leading-supporting-and-developing-others'
level = '3'
evidence = 'C:\\path "quoted"'
EOF
cat > "$ws/assessments/ivy/2026-05-02-inline.toml" <<EOF
schema = 1
person = "ivy"
framework = "wdcvs"
fingerprint = "$fp"
by = "manager"
role = "community-link-worker"
date = "2026-05-02"
status = "draft"
created = "2026-05-02T08:00:00Z"
rating = [ { competency = "networking-and-relationship-building", level = "4" },
           { competency = "team-working", "not-applicable" = true } ]
EOF
printf 'schema = 1\r\nperson = "ivy"\r\nframework = "wdcvs"\r\nfingerprint = "%s"\r\nby = "manager"\r\nrole = "community-link-worker"\r\ndate = "2026-05-03"\r\nstatus = "draft"\r\ncreated = "2026-05-03T08:00:00Z"\r\n\r\n[[rating]]\r\ncompetency = "delivering-quality-services"\r\nlevel = "1"\r\n' "$fp" \
  > "$ws/assessments/ivy/2026-05-03-crlf.toml"
# One-line strings as toml writes them: escapes, a """...""" holding both
# kinds of quote, a '''...''' literal.
cat > "$ws/assessments/ivy/2026-05-04-strings.toml" <<'EOF'
schema = 1
person = "ivy"
framework = "wdcvs"
fingerprint = "FP"
by = "manager"
rater = """He said "don't" ""twice"""""
role = "community-link-worker"
date = "2026-05-04"
status = "draft"
created = "2026-05-04T08:00:00Z"

[[rating]]
competency = "reason-judgement-and-decision-making"
level = "\u0034"
evidence = '''It's "fine"'''

[[rating]]
competency = "customer-and-stakeholder-focus"
level = "3"
evidence = "tab\there, \"quoted\", back\\slash, caf\u00e9"
EOF
sed -i "s/\"FP\"/\"$fp\"/" "$ws/assessments/ivy/2026-05-04-strings.toml"
chmod 600 "$ws/assessments/ivy/"*
# sunita: a final record, and a correction of it made from a prepared file
# of checklist ratings with ticked behaviours (valid checksum, ticked lists
# in it). (`assess --from FILE --amend RECORD` appends the file's ratings to
# the amended record's, so the file rates other competencies.)
sed 's/^date = .*/date = "2026-08-04"/' examples/prepared/sunita-self.toml > "$ws/sunita.toml"
c assess sunita --framework sssc-clf --by self --rater Sunita --role nursery-practitioner --date 2026-08-04 \
  --set accurate-self-assessment=engaged --set lifelong-learning=established --final
c assess sunita --from "$ws/sunita.toml" --final --amend "$(file sunita self)"
c assess sunita --framework sssc-clf --by manager --rater Ray --role nursery-practitioner --date 2026-08-01 \
  --set self-confidence=engaged --final
# joy: a final manager record, and a final self-assessment written here
# (checklist ratings, ticked behaviours, evidence with quotes, a backslash
# and non-ASCII text) that amends it with a checksum computed as the tool
# computes it: the tool accepts it (else the report stops), the manager's
# record is replaced and her self-assessment counts.
c assess joy --framework sssc-clf --by manager --rater Ray --role nursery-practitioner --date 2026-08-01 \
  --set self-confidence=accomplished --set motivating-and-leading-others=accomplished --final
python3 - "$ws/sunita.toml" "$ws/assessments/joy" "$(file joy manager)" "$here" <<'PY'
import hashlib, json, os, sys, tomllib
sys.path.insert(0, sys.argv[4])
from team import canonical_json
prepared = tomllib.load(open(sys.argv[1], "rb"))
amended = tomllib.load(open(os.path.join(sys.argv[2], sys.argv[3]), "rb"))
record = {"schema": 1, "person": "joy", "framework": "sssc-clf", "fingerprint": amended["fingerprint"],
          "by": "self", "rater": 'Joy "JJ" Caf\u00e9', "role": "nursery-practitioner", "date": "2026-08-02",
          "status": "final", "created": "2026-08-02T09:00:00Z", "amends": sys.argv[3], "rating": prepared["rating"]}
record["rating"][0]["evidence"] = 'Said "yes" — café, C:\\temp'
record["checksum"] = "sha256:" + hashlib.sha256(canonical_json(record).encode()).hexdigest()[:32]
s = lambda v: json.dumps(v, ensure_ascii=False)
lines = [f"{k} = {v if isinstance(v, int) else s(v)}" for k, v in record.items() if k != "rating"]
for r in record["rating"]:
    lines += ["", "[[rating]]"] + [f"{k} = {'[' + ', '.join(map(s, v)) + ']' if isinstance(v, list) else s(v)}" for k, v in r.items()]
path = os.path.join(sys.argv[2], "2026-08-02-sssc-clf-self.toml")
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
os.chmod(path, 0o600)
PY
# kit: holds the workspace's own role.
c assess kit --framework wdcvs --role link-lead --by manager --rater Sam --date 2026-03-03 $(all7 2 3 4 1 3 4 2) --final

# max: texts that make `assess` (the toml crate) write escapes, literal
# strings and one-line multi-line strings.
i=0
for text in '"quoted"' "it's" "both 'kinds' of \"quote\"" 'back\slash' "'''" '"""' \
  'level = "4"' '[[rating]]' 'café — ☕' "both ''' and \"\"\""; do
  i=$((i + 1))
  c assess max "${clw[@]}" --by self --rater "$text" --date "2026-06-$(printf %02d $i)" \
    --set team-working=$((i % 4 + 1)) --evidence team-working="$text" --set delivering-quality-services=3
done

status=0
# The fast peer reads every record as tomllib does, whichever of its readers
# (the layout assess writes, the line scanner, tomllib) reads it.
python3 - "$ws" "$here" <<'PY' || status=1
import os, sys
sys.path.insert(0, sys.argv[2])
import team_fast as t
base = os.path.join(sys.argv[1], "assessments")
tiers, bad = {}, 0
for person in sorted(os.listdir(base)):
    folder = os.open(os.path.join(base, person), os.O_RDONLY | os.O_DIRECTORY)
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".toml")):
        with open(os.path.join(base, person, name), "rb") as f:
            data = f.read()
        record = t.read_record(name, data)
        tier = 3 if record[t.TEXT] is None and record[t.AT] is None else 1 if t.HEADER.match(data.decode()) else 2
        tiers[tier] = tiers.get(tier, 0) + 1
        ratings = t.ratings_of(record, folder)
        ref = t.from_toml(name, data)
        if record[: t.TEXT] != ref[: t.TEXT] or ratings != ref[t.RATINGS]:
            bad += 1
            print(f"{person}/{name}: read as {record[:t.TEXT]} {ratings}, by tomllib {ref[:t.TEXT]} {ref[t.RATINGS]}", file=sys.stderr)
    os.close(folder)
print(f"team_fast.py reads the {sum(tiers.values())} records as tomllib does: {bad} differ "
      f"({tiers.get(1, 0)} read in the layout assess writes, {tiers.get(2, 0)} by the line scanner, {tiers.get(3, 0)} by tomllib)")
sys.exit(1 if bad else 0)
PY
compare() { # ROLE
  (cd "$ws" && "$bin" team --role "$1" --format json > "$ws/.rust.json" 2> "$ws/.rust.err") ||
    { echo; cat "$ws/.rust.err" >&2; status=1; return; }
  python3 "$here/team.py" "$ws" "$1" > "$ws/.plain.json"
  python3 "$here/team_fast.py" "$ws" "$1" > "$ws/.fast.json"
  python3 "$here/compare.py" "$ws/.rust.json" "$ws/.plain.json" "$ws/.fast.json" || status=1
}
for role in community-link-worker nursery-practitioner link-lead council-officer; do
  printf '%s: ' "$role"
  compare "$role"
done
# The bundled link worker defined again in the workspace: it is not clear
# which is meant, so the tool refuses the role (usage error, exit 2) rather
# than pick one; the peers are not asked.
cat > "$ws/roles/zz-override.yaml" <<'EOF'
roles:
  - id: community-link-worker
    name: Community link worker (ours)
    framework: wdcvs
    required:
      team-working: level 1
      delivering-quality-services: "2"
EOF
printf 'community-link-worker, defined twice: '
code=0
(cd "$ws" && "$bin" team --role community-link-worker --format json > /dev/null 2> "$ws/.rust.err") || code=$?
if [ "$code" = 2 ] && grep -q "is defined in both" "$ws/.rust.err"; then
  echo "the tool refuses it (exit 2)"
else
  echo "DIFFERENT: expected a refusal with exit 2, got exit $code: $(cat "$ws/.rust.err")" >&2
  status=1
fi
exit $status
