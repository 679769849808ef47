#!/usr/bin/env python3
"""The `team --role ROLE` report as a user would otherwise write it: plain
Python, PyYAML for the framework and role files, tomllib for every record.

    python3 scripts/baseline/team.py WORKSPACE ROLE

Prints JSON with the same numbers as `competency team --role ROLE --format json`:
per person the requirements met, applicable and the levels short; per
competency the people below, the total shortfall in levels and the people
unrated. The same rules as the tool:

- The members are the people who hold the role: the roster's role, else the
  role named on their latest record that names one (any framework; latest by
  date, then time written, then file name). Leavers (the roster's `left`) and
  organisations (any record with `subject = "organisation"`) are left out.
- Each is compared with the role on its framework. The records that count are
  that framework's, less those replaced by a correction (`amends`): a
  correction replaces a final record only when its own checksum is valid, and
  records amending each other in a loop replace nothing.
- The rater kind used is `manager` if any counting record is a manager's,
  else `self`; per competency the latest rating of that kind counts.
  Someone with no rating on the framework is all unrated. The figures count
  managers' ratings: a line of the person's own ratings is shown, but in the
  training needs each of its requirements counts as unrated.
- Training needs: most people below first, then the largest shortfall, ties
  in the framework's competency order.

Only what the report needs is done: the records are not validated.
"""
import hashlib
import json
import os
import sys
import tomllib

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "frameworks")
# The catalogue's order of the bundled frameworks (src/catalog.rs).
BUNDLED_ORDER = ["ombudsman", "arun", "cherwell-snc", "wdcvs", "sssc-clf"]


def yaml_files(folder):
    if not os.path.isdir(folder):
        return []
    names = [n for n in os.listdir(folder) if n.lower().endswith((".yaml", ".yml"))]
    return [os.path.join(folder, n) for n in sorted(names)]


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def ascii_lower(text):
    return "".join(c.lower() if c.isascii() else c for c in text)


def level_code(scale, given):
    """The code of the level `given` names: its code, else a code or label
    case-insensitively (how role files are read)."""
    given = str(given).strip()
    levels = scale["levels"]
    for level in levels:
        if str(level["code"]) == given:
            return str(level["code"])
    for level in levels:
        if ascii_lower(str(level["code"])) == ascii_lower(given) or ascii_lower(
            str(level.get("label", ""))
        ) == ascii_lower(given):
            return str(level["code"])
    raise SystemExit(f"unknown level {given!r}")


def find_role(workspace, role_id):
    """The role (framework id, required pairs in framework order), the
    framework's scale (code -> rank) and competency order.

    As the catalogue finds it: a workspace role file's (the last file wins),
    else a framework's (workspace frameworks replace bundled ones)."""
    frameworks = {}
    for name in BUNDLED_ORDER:
        frameworks[name] = os.path.join(BUNDLED, name + ".yaml")
    for path in yaml_files(os.path.join(workspace, "frameworks")):
        stem = os.path.splitext(os.path.basename(path))[0]
        frameworks.pop(stem, None)
        frameworks[stem] = path
    loaded = {}

    def framework(fid):
        if fid not in loaded:
            loaded[fid] = load_yaml(frameworks[fid])
        return loaded[fid]

    role = None
    for path in reversed(yaml_files(os.path.join(workspace, "roles"))):
        for r in reversed((load_yaml(path) or {}).get("roles") or []):
            if r.get("id") == role_id:
                role = r
                break
        if role:
            break
    if role is None:
        for fid in reversed(list(frameworks)):
            for r in reversed(framework(fid).get("roles") or []):
                if r.get("id") == role_id:
                    role = dict(r, framework=fid)
                    break
            if role:
                break
    if role is None:
        raise SystemExit(f"unknown role {role_id!r}")
    fw = framework(role["framework"])
    scale = fw["scale"]
    ranks = {str(level["code"]): i + 1 for i, level in enumerate(scale["levels"])}
    order = [c["id"] for c in fw["competencies"]]
    required = [(c.strip(), level_code(scale, level)) for c, level in role["required"].items()]
    required.sort(key=lambda kv: order.index(kv[0]))
    return role["framework"], ranks, required


def read_roster(workspace):
    path = os.path.join(workspace, "roster.toml")
    if not os.path.exists(path):
        return {}
    with open(path, "rb") as f:
        return {p["id"]: p for p in tomllib.load(f).get("person", [])}


def canonical_json(record):
    """The record as the tool hashes it: its fields in the record's order,
    those left out that the tool leaves out, compact JSON."""
    out = {"schema": record["schema"], "person": record["person"]}
    if record.get("subject", "person") != "person":
        out["subject"] = record["subject"]
    for key in ("framework", "fingerprint", "by", "rater", "role", "date", "status", "created", "amends"):
        if key in record:
            out[key] = record[key]
    ratings = []
    for r in record.get("rating", []):
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


def checksum_matches(record):
    if "checksum" not in record:
        return False
    digest = hashlib.sha256(canonical_json(record).encode()).hexdigest()[:32]
    return record["checksum"] == "sha256:" + digest


def in_cycles(links):
    """The file names on a loop of `amends` links."""
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
    return cyclic


def superseded(records):
    """The file names of the records a correction replaces."""
    by_name = {r["_file"]: r for r in records}
    links = {r["_file"]: r["amends"] for r in records if "amends" in r}
    cyclic = in_cycles(links)
    out = set()
    for r in records:
        target = r.get("amends")
        if target is None or r["_file"] in cyclic or target not in by_name:
            continue
        if by_name[target]["status"] != "final" or checksum_matches(r):
            out.add(target)
    return out


def read_person(folder):
    """A person's records, oldest first."""
    records = []
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if name.endswith(".toml") and not name.startswith("."):
                with open(os.path.join(folder, name), "rb") as f:
                    record = tomllib.load(f)
                record["_file"] = name
                records.append(record)
    records.sort(key=lambda r: (r["date"], r["created"], r["_file"]))
    return records


def main():
    workspace, role_id = sys.argv[1], sys.argv[2]
    framework, ranks, required = find_role(workspace, role_id)
    roster = read_roster(workspace)
    base = os.path.join(workspace, "assessments")
    folders = [
        e.name for e in os.scandir(base)
        if not e.name.startswith(".") and (e.is_dir(follow_symlinks=False) or e.is_symlink())
    ] if os.path.isdir(base) else []
    people = sorted(set(folders) | set(roster))

    needs = {c: {"below": 0, "shortfall": 0, "unrated": 0} for c, _ in required}
    members = []
    for person in people:
        records = read_person(os.path.join(base, person))
        member = roster.get(person, {})
        if "left" in member or any(r.get("subject") == "organisation" for r in records):
            continue
        role = member.get("role")
        if role is None:
            role = next((r["role"] for r in reversed(records) if "role" in r), None)
        if role != role_id:
            continue
        gone = superseded(records)
        current = [r for r in records if r["framework"] == framework and r["_file"] not in gone]
        kind = "manager" if any(r["by"] == "manager" for r in current) else "self"
        newest_first = [r for r in reversed(current) if r["by"] == kind]
        # The figures count managers' ratings: a line of the person's own is
        # shown, but each requirement counts as unrated.
        counted = kind == "manager"
        met = applicable = shortfall = 0
        for competency, level in required:
            if not counted:
                needs[competency]["unrated"] += 1
            rating = next(
                (x for r in newest_first for x in r.get("rating", []) if x["competency"] == competency),
                None,
            )
            if rating is not None and rating.get("not-applicable"):
                continue
            applicable += 1
            have = ranks.get(rating.get("level")) if rating is not None else None
            if have is None:
                needs[competency]["unrated"] += counted
                continue
            gap = have - ranks[level]
            if gap >= 0:
                met += 1
            else:
                if counted:
                    needs[competency]["below"] += 1
                    needs[competency]["shortfall"] -= gap
                shortfall -= gap
        members.append({"person": person, "met": met, "applicable": applicable, "shortfall": shortfall})
    # A stable sort: ties keep the framework's competency order.
    ordered = sorted(needs.items(), key=lambda kv: (-kv[1]["below"], -kv[1]["shortfall"]))
    json.dump(
        {
            "role": role_id,
            "members": members,
            "needs": [dict(competency=c, **n) for c, n in ordered],
        },
        sys.stdout,
        indent=1,
    )
    print()


if __name__ == "__main__":
    main()
