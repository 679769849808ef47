#!/usr/bin/env python3
"""The `team --role ROLE` report as a competent Python programmer would write
it for speed: one process, no threads, the standard library (and PyYAML, with
libyaml when present, for the one framework file the role needs), reading
the layout `competency assess` writes directly and any other record with
`tomllib`.

    python3 scripts/baseline/team_fast.py WORKSPACE ROLE

Prints the same numbers as scripts/baseline/team.py (the plain peer, whose
docstring gives the rules), as compact JSON; both are checked equal to
`competency team --role ROLE --format json` by scripts/bench.sh and
scripts/baseline/check.sh. Like the plain peer it does not validate records
(no checksums but a correction's, no check against the framework), which the
tool does on every report.

Records are read in three tiers, each falling back to the next:
1. the layout exactly as `assess` writes it (comment lines, then the
   top-level `key = "value"` lines in its order, then `[[rating]]` tables,
   strings without escapes): one regular expression for the top-level keys,
   one for the rating tables;
2. a line scanner: top-level `key = value` lines in any order, then
   `[[rating]]` tables; strings `"..."` with escapes, `'...'`, and one-line
   `\"\"\"...\"\"\"` and `'''...'''`; comment lines; CRLF line ends;
3. tomllib, for anything else (another key, a multi-line string, an inline
   table, a comment after a value, ...), so a hand-edited record reads as
   tomllib reads it.

What makes it fast, as plain Python goes:
- each person's folder is opened once and listed with os.listdir; each record
  is opened relative to it (openat), read with one os.read into bytes, and
  closed: no file objects, no stat;
- only the top-level keys are read for every record (role, date, framework,
  rater kind, ...); a record's rating tables are read only when the report
  needs them (people who hold the role, newest record of the rater kind used
  first, stopping when every required competency is found);
- a correction's checksum is computed only when it amends a final record;
- the JSON is written by the C encoder (compact, not indented).
"""
import json
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "frameworks")
BUNDLED_ORDER = ["ombudsman", "arun", "cherwell-snc", "wdcvs", "sssc-clf"]

# ---------------------------------------------------------------------------
# Strings, as TOML writes them on one line.

ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}
HEX = frozenset("0123456789abcdefABCDEF")


def _control(c):
    return c < " " and c != "\t" or "\x7f" <= c <= "\x9f"


def _basic(text, start, end_quote):
    """A basic string's content from `start` up to its closing `end_quote`,
    escapes read: (value, index after the closing quotes), or None."""
    out = []
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            e = text[i + 1 : i + 2]
            if e in ESCAPES:
                out.append(ESCAPES[e])
                i += 2
            elif e == "u" or e == "U":
                width = 4 if e == "u" else 8
                digits = text[i + 2 : i + 2 + width]
                if len(digits) != width or not HEX.issuperset(digits):
                    return None
                code = int(digits, 16)
                if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    return None
                out.append(chr(code))
                i += 2 + width
            else:
                return None
        elif c == '"' and text.startswith(end_quote, i):
            if end_quote == '"""':
                # Up to two quotes of the content may come before the closing three.
                run = len(text) - i - len(text[i:].lstrip('"'))
                if run > 5:
                    return None
                out.append('"' * (run - 3))
                return "".join(out), i + run
            return "".join(out), i + 1
        elif _control(c):
            return None
        else:
            out.append(c)
            i += 1
    return None


def _literal(text, start, end_quote):
    end = text.find(end_quote, start)
    if end < 0 or any(_control(c) for c in text[start:end]):
        return None
    if end_quote == "'''":
        run = len(text[end:]) - len(text[end:].lstrip("'"))
        if run > 5:
            return None
        return text[start:end] + "'" * (run - 3), end + run
    return text[start:end], end + 1


def quoted(text, at=0):
    """The string at `text[at:]`: (value, index after it), or None."""
    if text.startswith('"""', at):
        return _basic(text, at + 3, '"""')
    if text.startswith("'''", at):
        return _literal(text, at + 3, "'''")
    if text.startswith('"', at):
        return _basic(text, at + 1, '"')
    if text.startswith("'", at):
        return _literal(text, at + 1, "'")
    return None


def string(value):
    """A value that is one string, read; None when it is anything else."""
    # The common case, as assess writes it: "plain text".
    if value[:1] == '"' and value[-1:] == '"' and value.find('"', 1) == len(value) - 1 and "\\" not in value:
        return value[1:-1]
    got = quoted(value)
    if got is None or got[1] != len(value):
        return None
    return got[0]


def strings(value):
    """`["a", "b"]`: the strings, or None."""
    if value[:1] != "[" or value[-1:] != "]":
        return None
    out = []
    at = 1
    if value == "[]":
        return out
    while True:
        got = quoted(value, at)
        if got is None:
            return None
        out.append(got[0])
        at = got[1]
        if value[at:] == "]":
            return out
        if not value.startswith(", ", at):
            return None
        at += 2


# ---------------------------------------------------------------------------
# Records.
#
# A record is a list: [file, subject, framework, by, role, date, created,
# status, amends, text, where its rating tables start, ratings]. Its ratings
# (competency -> (level, not applicable), the first rating of each) are read
# from the text only when the report needs them.

FILE, SUBJECT, FRAMEWORK, BY, ROLE, DATE, CREATED, STATUS, AMENDS, TEXT, AT, RATINGS = range(12)
USED = ("subject", "framework", "by", "role", "date", "created", "status", "amends")
KNOWN = frozenset(("schema", "person", "fingerprint", "rater", "checksum") + USED)

# Tier 1, the layout exactly as assess writes it (keys in its order, strings
# without escapes): the header in one match, the rating tables in another.
_S = r'"([^"\\\n]*)"\n'
_PLAIN = r'"[^"\\\n]*"'
HEADER = re.compile(
    r"(?:#[^\n]*\n)*schema = (?:0|[1-9][0-9]*)\nperson = " + _PLAIN + r"\n"
    r"(?:subject = " + _S + r")?framework = " + _S + r"fingerprint = " + _PLAIN + r"\nby = " + _S
    + r"(?:rater = " + _PLAIN + r"\n)?(?:role = " + _S + r")?date = " + _S + r"status = " + _S
    + r"created = " + _S + r"(?:amends = " + _S + r")?(?:checksum = " + _PLAIN + r"\n)?(?:\n|\Z)"
)
_RATING = (
    r"\[\[rating\]\]\ncompetency = " + _S + r"(?:level = " + _S + r")?(?:not-applicable = (true)\n)?"
    r"(?:evidence = " + _PLAIN + r"\n)?(?:method = \"checklist\"\n)?"
    r"(?:ticked = \[(?:" + _PLAIN + r"(?:, " + _PLAIN + r")*)?\]\n)?(?:\n|\Z)"
)
RATING = re.compile(_RATING)
TABLES = re.compile(r"(?:" + _RATING + r")*\Z")


def read_record(name, data):
    """A record file's bytes, read: in the layout assess writes (tier 1),
    else by the line scanner (tier 2), else by tomllib (tier 3)."""
    text = data.decode()
    m = HEADER.match(text)
    if m is not None:
        at = m.end()
        if at == len(text) or text.startswith("[[rating]]\n", at):
            subject, framework, by, role, date, status, created, amends = m.groups()
            return [name, subject, framework, by, role, date, created, status, amends, text, at, None]
    return scan(name, text) or from_toml(name, data)


def scan(name, text):
    """Tier 2, the line scanner: comment lines and `key = value` lines (any
    order, any string form on one line), up to the first `[[rating]]`."""
    head = {}
    at = 0
    for line in text.split("\n"):
        start = at
        at += len(line) + 1
        if line[-1:] == "\r":
            line = line[:-1]
        if line == "[[rating]]":
            at = start
            break
        if not line or line[0] == "#":
            continue
        key, sep, value = line.partition(" = ")
        if not sep or key not in KNOWN or key in head:
            return None
        if key == "schema":
            if not value.isdigit():
                return None
            head[key] = value
            continue
        v = string(value)
        if v is None:
            return None
        head[key] = v
    record = [name] + [head.get(k) for k in USED] + [text, at, None]
    if at >= len(text):
        record[RATINGS] = {}
    return record


def ratings_of(record, folder_fd):
    """The record's ratings, read when first asked for."""
    ratings = record[RATINGS]
    if ratings is None:
        text, at = record[TEXT], record[AT]
        if TABLES.match(text, at):
            ratings = {}
            for competency, level, na in RATING.findall(text, at):
                if competency not in ratings:
                    # An absent level and an empty one are both unrated.
                    ratings[competency] = (level or None, na == "true")
        else:
            ratings = scan_ratings(text[at:].split("\n"))
            if ratings is None:
                # Tables neither reader knows.
                ratings = tomllib_ratings(document(record, folder_fd))
        record[RATINGS] = ratings
        record[TEXT] = None
    return ratings


def scan_ratings(lines):
    """The line scanner for `[[rating]]` tables; None when a line is not in
    the layout assess writes."""
    out = {}
    competency = level = None
    na = started = False
    for line in lines:
        if line[-1:] == "\r":
            line = line[:-1]
        if line == "[[rating]]":
            if started:
                if competency is None:
                    return None  # a rating with no competency
                if competency not in out:
                    out[competency] = (level, na)
            started = True
            competency = level = None
            na = False
            continue
        if not line or line[0] == "#":
            continue
        if not started:
            return None
        key, sep, value = line.partition(" = ")
        if key == "level":
            if level is not None:
                return None
            level = string(value)
            if level is None:
                return None
        elif key == "competency":
            if competency is not None:
                return None
            competency = string(value)
            if competency is None:
                return None
        elif key == "evidence":
            if string(value) is None:
                return None
        elif key == "not-applicable":
            if value != "true" or na:
                return None
            na = True
        elif key == "method":
            if value != '"checklist"':
                return None
        elif key == "ticked":
            if strings(value) is None:
                return None
        else:
            return None
    if started:
        if competency is None:
            return None
        if competency not in out:
            out[competency] = (level, na)
    return out


def tomllib_ratings(doc):
    out = {}
    for r in doc.get("rating", []):
        out.setdefault(r["competency"], (r.get("level"), bool(r.get("not-applicable"))))
    return out


def from_toml(name, data):
    """Tier 3: the whole file read by tomllib."""
    doc = tomllib.loads(data.decode())
    record = [name] + [doc.get(k) for k in USED] + [None, None, tomllib_ratings(doc)]
    return record


def document(record, folder_fd):
    """The whole record read by tomllib: for a checksum, or tables the
    scanners do not know."""
    fd = os.open(record[FILE], os.O_RDONLY, dir_fd=folder_fd)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return tomllib.loads(b"".join(chunks).decode())


# ---------------------------------------------------------------------------
# Corrections: which records are replaced (src/record/chain.rs).


def canonical_json(doc):
    out = {"schema": doc["schema"], "person": doc["person"]}
    if doc.get("subject", "person") != "person":
        out["subject"] = doc["subject"]
    for key in ("framework", "fingerprint", "by", "rater", "role", "date", "status", "created", "amends"):
        if key in doc:
            out[key] = doc[key]
    ratings = []
    for r in doc.get("rating", []):
        rating = {"competency": r["competency"]}
        if "level" in r:
            rating["level"] = r["level"]
        if r.get("not-applicable"):
            rating["not-applicable"] = True
        if "evidence" in r:
            rating["evidence"] = r["evidence"]
        if r.get("method", "chosen") != "chosen":
            rating["method"] = r["method"]
        if r.get("ticked"):
            rating["ticked"] = r["ticked"]
        ratings.append(rating)
    if ratings:
        out["rating"] = ratings
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def checksum_matches(record, folder_fd):
    import hashlib

    doc = document(record, folder_fd)
    if "checksum" not in doc:
        return False
    digest = hashlib.sha256(canonical_json(doc).encode()).hexdigest()[:32]
    return doc["checksum"] == "sha256:" + digest


def superseded(records, folder_fd):
    by_name = {r[FILE]: r for r in records}
    links = {r[FILE]: r[AMENDS] for r in records if r[AMENDS] is not None}
    cyclic = set()
    for start in links:
        seen, at = [start], start
        while at in links:
            nxt = links[at]
            if nxt == start:
                cyclic.update(seen)
                break
            if nxt in seen:
                break
            seen.append(nxt)
            at = nxt
    out = set()
    for r in records:
        target = r[AMENDS]
        if target is None or r[FILE] in cyclic or target not in by_name:
            continue
        if by_name[target][STATUS] != "final" or checksum_matches(r, folder_fd):
            out.add(target)
    return out


# ---------------------------------------------------------------------------
# The role, from the one framework (or role file) that defines it.


def yaml_files(folder):
    if not os.path.isdir(folder):
        return []
    names = [n for n in os.listdir(folder) if n.lower().endswith((".yaml", ".yml"))]
    return [os.path.join(folder, n) for n in sorted(names)]


def load_yaml(path):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)


def ascii_lower(text):
    return "".join(c.lower() if c.isascii() else c for c in text)


def level_code(scale, given):
    given = str(given).strip()
    for level in scale["levels"]:
        if str(level["code"]) == given:
            return str(level["code"])
    for level in scale["levels"]:
        if given and ascii_lower(given) in (ascii_lower(str(level["code"])), ascii_lower(str(level.get("label", "")))):
            return str(level["code"])
    raise SystemExit(f"unknown level {given!r}")


def find_role(workspace, role_id):
    """(framework id, scale code -> rank, required pairs in framework order).
    Role files first (the last wins), then frameworks (workspace ones replace
    bundled ones); a framework file is parsed only when its text names the
    role in its `roles:` section."""
    frameworks = {name: os.path.join(BUNDLED, name + ".yaml") for name in BUNDLED_ORDER}
    for path in yaml_files(os.path.join(workspace, "frameworks")):
        stem = os.path.splitext(os.path.basename(path))[0]
        frameworks.pop(stem, None)
        frameworks[stem] = path
    role = fw = None
    for path in reversed(yaml_files(os.path.join(workspace, "roles"))):
        for r in reversed((load_yaml(path) or {}).get("roles") or []):
            if r.get("id") == role_id:
                role = r
                break
        if role:
            break
    mention = re.compile(r"^\s*-?\s*id:\s*[\"']?" + re.escape(role_id) + r"[\"']?\s*(#.*)?$", re.M)
    if role is None:
        for fid in reversed(list(frameworks)):
            with open(frameworks[fid], encoding="utf-8") as f:
                text = f.read()
            at = text.find("\nroles:")
            if at < 0 or not mention.search(text, at):
                continue
            doc = load_yaml(frameworks[fid])
            for r in reversed(doc.get("roles") or []):
                if r.get("id") == role_id:
                    role, fw = dict(r, framework=fid), doc
                    break
            if role:
                break
    if role is None:
        raise SystemExit(f"unknown role {role_id!r}")
    if fw is None:
        fw = load_yaml(frameworks[role["framework"]])
    scale = fw["scale"]
    ranks = {str(level["code"]): i + 1 for i, level in enumerate(scale["levels"])}
    order = {c["id"]: i for i, c in enumerate(fw["competencies"])}
    required = [(c.strip(), level_code(scale, level)) for c, level in role["required"].items()]
    required.sort(key=lambda kv: order[kv[0]])
    return role["framework"], ranks, required


def read_roster(workspace):
    path = os.path.join(workspace, "roster.toml")
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as f:
        return {p["id"]: p for p in tomllib.load(f).get("person", [])}


# ---------------------------------------------------------------------------


def main():
    workspace, role_id = sys.argv[1], sys.argv[2]
    framework, ranks, required = find_role(workspace, role_id)
    roster = read_roster(workspace)
    top = os.open(os.path.join(workspace, "assessments"), os.O_RDONLY | os.O_DIRECTORY)
    with os.scandir(top) as it:
        folders = {e.name for e in it if e.name[0] != "." and (e.is_dir(follow_symlinks=False) or e.is_symlink())}
    people = sorted(folders | roster.keys()) if roster else sorted(folders)

    # Per required competency (framework order): its rank, and the tallies.
    wanted = [(c, ranks[level]) for c, level in required]
    needed = len(wanted)
    below = dict.fromkeys((c for c, _ in required), 0)
    short = dict.fromkeys(below, 0)
    unrated = dict.fromkeys(below, 0)
    members = []
    o_rdonly, o_dir = os.O_RDONLY, os.O_RDONLY | os.O_DIRECTORY
    os_open, os_read, os_close, listdir = os.open, os.read, os.close, os.listdir
    chronological = lambda r: (r[DATE], r[CREATED], r[FILE])  # noqa: E731
    for person in people:
        member = roster.get(person)
        if member is not None and "left" in member:
            continue
        records = []
        dfd = -1
        if person in folders:
            dfd = os_open(person, o_dir, dir_fd=top)
            for name in listdir(dfd):
                if name[0] == "." or not name.endswith(".toml"):
                    continue
                fd = os_open(name, o_rdonly, dir_fd=dfd)
                data = os_read(fd, 65536)
                if len(data) == 65536:
                    chunks = [data]
                    while chunk := os_read(fd, 65536):
                        chunks.append(chunk)
                    data = b"".join(chunks)
                os_close(fd)
                records.append(read_record(name, data))
        try:
            if any(r[SUBJECT] == "organisation" for r in records):
                continue
            records.sort(key=chronological)
            role = member.get("role") if member is not None else None
            if role is None:
                for r in reversed(records):
                    if r[ROLE] is not None:
                        role = r[ROLE]
                        break
            if role != role_id:
                continue
            gone = superseded(records, dfd) if any(r[AMENDS] is not None for r in records) else ()
            current = [r for r in records if r[FRAMEWORK] == framework and r[FILE] not in gone]
            kind = "manager" if any(r[BY] == "manager" for r in current) else "self"
            # Per competency, the latest rating of that kind: newest record
            # first, until every required competency is found.
            found = {}
            for r in reversed(current):
                if r[BY] != kind:
                    continue
                ratings = r[RATINGS]
                if ratings is None:
                    ratings = ratings_of(r, dfd)
                for c, _ in wanted:
                    if c not in found and c in ratings:
                        found[c] = ratings[c]
                if len(found) == needed:
                    break
            # The figures count managers' ratings: a line of the person's
            # own is shown, but each requirement counts as unrated.
            counted = kind == "manager"
            met = applicable = shortfall = 0
            for c, need in wanted:
                if not counted:
                    unrated[c] += 1
                rating = found.get(c)
                if rating is None:
                    applicable += 1
                    unrated[c] += counted
                    continue
                level, na = rating
                if na:
                    continue
                applicable += 1
                have = ranks.get(level)
                if have is None:
                    unrated[c] += counted
                elif have >= need:
                    met += 1
                elif counted:
                    below[c] += 1
                    short[c] += need - have
                    shortfall += need - have
                else:
                    shortfall += need - have
            members.append({"person": person, "met": met, "applicable": applicable, "shortfall": shortfall})
        finally:
            if dfd >= 0:
                os_close(dfd)
    os.close(top)
    needs = [
        {"competency": c, "below": below[c], "shortfall": short[c], "unrated": unrated[c]}
        for c, _ in required
    ]
    # A stable sort: ties keep the framework's competency order.
    needs.sort(key=lambda n: (-n["below"], -n["shortfall"]))
    # Compact JSON: the C encoder (an indented dump runs in pure Python).
    sys.stdout.write(json.dumps({"role": role_id, "members": members, "needs": needs}, separators=(",", ":")))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
