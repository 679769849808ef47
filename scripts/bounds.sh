#!/usr/bin/env bash
# Time and peak memory of competency on small inputs that ask for unbounded
# work (the "unbounded work" cases of the trust issue), and on large honest
# ones, with /usr/bin/time -v in a fresh workspace each:
#
#   bash scripts/bounds.sh                       # the release build
#   BEFORE=/path/to/old/competency bash scripts/bounds.sh   # and an older binary
#
# Inputs are made in $BOUNDS_DIR (default /tmp/competency-bounds) and kept
# for reuse: workbooks written part by part (a cell at XFD1048576, a 100 MiB
# shared string, one long shared string in every cell, ...), CSV files (a
# line of 1.6 million commas, 8 million one-letter rows, 299 000 one-rating
# records), rosters (a reporting line 4 000 and 10 000 deep, a loop of
# 10 000) and exports of generated workspaces. Each case runs at most
# $BOUNDS_TIMEOUT seconds (default 60) under a 12 GB address-space limit.
# Prints one line per case: exit code, seconds, peak memory, and the first
# line the command printed. The target: every input up to 16 MiB refused or
# done in under 2 s and 256 MB; a reporting line 10 000 deep in under 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BOUNDS_DIR:-/tmp/competency-bounds}
limit=${BOUNDS_TIMEOUT:-60}
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (Debian package time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }
cargo build --release --quiet
cargo build --release --quiet --example gen-workspace
bins=("$PWD/target/release/competency")
[ -z "${BEFORE:-}" ] || bins+=("$BEFORE")
gen=$PWD/target/release/examples/gen-workspace
mkdir -p "$dir/in"
in=$dir/in

# Honest inputs: exports of generated workspaces (3 200 people: a 3.5 MB
# workbook; 6 000: 6.6 MB; 10 000: a CSV cut to its first 16 MB).
for n in 3200 6000 10000; do
  [ -f "$dir/ws-$n/competency.toml" ] || "$gen" --people "$n" --out "$dir/ws-$n" >/dev/null
done
[ -f "$in/export-3200.xlsx" ] || (cd "$dir/ws-3200" && "${bins[0]}" export --format xlsx --output "$in/export-3200.xlsx")
[ -f "$in/export-6000.xlsx" ] || (cd "$dir/ws-6000" && "${bins[0]}" export --format xlsx --output "$in/export-6000.xlsx")
[ -f "$in/export-16mb.csv" ] || (cd "$dir/ws-10000" && "${bins[0]}" export --format csv | head -c 16000000 | sed '$d' > "$in/export-16mb.csv")

[ -f "$in/.made" ] || python3 - "$in" <<'PY'
import os, sys, zipfile
D = sys.argv[1]
CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WB = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
WBRELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"%s>%s</sst>'

def book(name, rows, dim=None, sst=None, styles=None):
    with zipfile.ZipFile(os.path.join(D, name), 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        z.writestr('xl/workbook.xml', WB)
        z.writestr('xl/_rels/workbook.xml.rels', WBRELS)
        head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        if dim:
            head += '<dimension ref="%s"/>' % dim
        z.writestr('xl/worksheets/sheet1.xml', head + '<sheetData>' + ''.join(rows) + '</sheetData></worksheet>')
        if sst is not None:
            z.writestr('xl/sharedStrings.xml', sst)
        if styles is not None:
            z.writestr('xl/styles.xml', styles)

def inl(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)

def header():
    return '<row r="1">' + ''.join(inl(c + '1', h) for c, h in zip('ABCDE', ['person', 'framework', 'by', 'competency', 'level'])) + '</row>'

book('grid.xlsx', ['<row r="1">' + inl('A1', 'person') + '</row>', '<row r="1048576">' + inl('XFD1048576', 'x') + '</row>'])
book('string-100mib.xlsx', [header(), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
     sst=SST % (' uniqueCount="1"', '<si><t>' + 'a' * (100 << 20) + '</t></si>'))
book('unique-count.xlsx', [header()], sst=SST % (' uniqueCount="999999999999999"', '<si><t>x</t></si>'))
book('echo.xlsx', [header()] + ['<row r="%d">%s</row>' % (i, ''.join('<c r="%s%d" t="s"><v>0</v></c>' % (c, i) for c in 'ABCDE')) for i in range(2, 40002)],
     sst=SST % ('', '<si><t>' + 'e' * 30000 + '</t></si>'))
book('wide.xlsx', [header()] + ['<row r="%d">%s</row>' % (i, inl('A%d' % i, 'x')) for i in range(2, 20002)] + ['<row r="20002">' + inl('ALL20002', 'y') + '</row>'])
book('inline-60mib.xlsx', [header(), '<row r="2">' + inl('E2', 'b' * (60 << 20)) + '</row>'])
book('strings-3m.xlsx', [header()], sst=SST % ('', '<si><t>a</t></si>' * 3000000))
book('styles-4m.xlsx', [header()], styles='<styleSheet><cellXfs>' + '<xf numFmtId="0"/>' * 4000000 + '</cellXfs></styleSheet>')
book('number-format.xlsx', [header()], styles='<styleSheet><numFmts><numFmt numFmtId="164" formatCode="%s"/></numFmts><cellXfs>%s</cellXfs></styleSheet>' % ('f' * (900 << 10), '<xf numFmtId="164"/>' * 3000))
book('nested-strings.xlsx', [header(), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'], sst=SST % ('', '<si>' + ('<r><t>%s</t></r><si>' % ('n' * 60000)) * 500 + '</si>'))
book('empty-cells.xlsx', [header()] + ['<row r="%d">%s</row>' % (i, ''.join('<c r="%s%d"/>' % (c, i) for c in 'ABCDE')) for i in range(2, 1000002)])

open(os.path.join(D, 'commas.csv'), 'w').write('person,framework,by,competency,level\n' + ',' * 1600000 + '\n')
open(os.path.join(D, 'ones.csv'), 'w').write('a\n' * 8000000)
with open(os.path.join(D, 'records-299k.csv'), 'w') as f:
    f.write('person,framework,by,competency,level\n')
    for i in range(299000):
        f.write('p%d,wdcvs,self,team-working,3\n' % i)
for n in (4000, 10000):
    with open(os.path.join(D, 'chain-%d.csv' % n), 'w') as f:
        f.write('id,name,role,team,manager\n')
        for i in range(n):
            f.write('p%d,Person %d,,,%s\n' % (i, i, '' if i == 0 else 'p%d' % (i - 1)))
    with open(os.path.join(D, 'roster-%d.toml' % n), 'w') as f:
        f.write('schema = 1\n')
        for i in sorted(range(n), key=lambda i: 'p%d' % i):
            f.write('\n[[person]]\nid = "p%d"\nname = "Person %d"\n' % (i, i))
            if i:
                f.write('manager = "p%d"\n' % (i - 1))
with open(os.path.join(D, 'loop-10000.csv'), 'w') as f:
    f.write('id,name,role,team,manager\n')
    for i in range(10000):
        f.write('p%d,Person %d,,,p%d\n' % (i, i, (i - 1) % 10000))
open(os.path.join(D, '.made'), 'w').write('')
PY

# One case: a fresh workspace (the generated roles, and a roster when
# given), the command run under time -v.
run() {
  local bin=$1 roster=$2 name=$3; shift 3
  local ws=$dir/ws
  rm -rf "$ws"
  "$bin" init "$ws" --name Bounds --framework wdcvs >/dev/null 2>&1
  cp "$dir/ws-3200/roles/"* "$ws/roles/"
  if [ -n "$roster" ]; then cp "$roster" "$ws/roster.toml"; chmod 600 "$ws/roster.toml"; fi
  local code=0
  (cd "$ws" && ulimit -v 12000000 && /usr/bin/time -v -o "$dir/time" timeout "$limit" "$bin" "$@" \
    > "$dir/out" 2> "$dir/err") || code=$?
  local secs kb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time")
  printf '%-34s exit %3s  %8s  %6s MB  %s\n' "$name" "$code" "$secs" "$((kb / 1024))" \
    "$( (cat "$dir/err" "$dir/out") | head -1 | cut -c1-110)"
}

for bin in "${bins[@]}"; do
  echo "== $bin"
  for f in grid string-100mib unique-count echo wide inline-60mib strings-3m styles-4m number-format nested-strings empty-cells; do
    run "$bin" "" "import $f.xlsx" import --dry-run "$in/$f.xlsx"
  done
  run "$bin" "" "import export-3200.xlsx (3.5 MB)" import --dry-run "$in/export-3200.xlsx"
  run "$bin" "" "import export-6000.xlsx (6.6 MB)" import --dry-run "$in/export-6000.xlsx"
  run "$bin" "" "import export-16mb.csv" import --dry-run "$in/export-16mb.csv"
  run "$bin" "" "import commas.csv" import --dry-run "$in/commas.csv"
  run "$bin" "" "import ones.csv (16 MB)" import --dry-run "$in/ones.csv"
  run "$bin" "" "import records-299k.csv (10 MB)" import --dry-run "$in/records-299k.csv"
  for n in 4000 10000; do
    run "$bin" "" "people import chain-$n.csv" people import "$in/chain-$n.csv"
    run "$bin" "$in/roster-$n.toml" "people import chain-$n.csv again" people import "$in/chain-$n.csv"
    run "$bin" "$in/roster-$n.toml" "validate (line $n deep)" validate
    run "$bin" "$in/roster-$n.toml" "people add (line $n deep)" people add q --name Q --manager "p$((n - 1))"
    run "$bin" "$in/roster-$n.toml" "status --manager p0 --all ($n)" status --manager p0 --all
  done
  run "$bin" "" "people import loop-10000.csv" people import "$in/loop-10000.csv"
done
