#!/usr/bin/env python3
"""The `team` report as a user would otherwise write it: plain Python, PyYAML
for the framework and role files, tomllib for the assessment records.

    python3 scripts/baseline/team.py WORKSPACE ROLE

Prints JSON with the same numbers as `competency team --role ROLE --format json`:
per person the levels met, applicable and short; per competency the people
below, the total shortfall in levels and the people unrated. Only what the
report needs is done: no validation, no checksums.
"""
import json
import os
import sys
import tomllib

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "frameworks")


def find_role(workspace, role_id):
    """The role profile and its framework's scale (code -> rank)."""
    sources = []
    roles_dir = os.path.join(workspace, "roles")
    if os.path.isdir(roles_dir):
        for name in sorted(os.listdir(roles_dir)):
            if name.endswith(".yaml"):
                with open(os.path.join(roles_dir, name), encoding="utf-8") as f:
                    sources.extend(yaml.safe_load(f).get("roles", []))
    frameworks = {}
    for name in sorted(os.listdir(BUNDLED)):
        if name.endswith(".yaml"):
            with open(os.path.join(BUNDLED, name), encoding="utf-8") as f:
                fw = yaml.safe_load(f)
            frameworks[fw["id"]] = fw
            for role in fw.get("roles", []):
                role.setdefault("framework", fw["id"])
                sources.append(role)
    role = next(r for r in reversed(sources) if r["id"] == role_id)
    fw = frameworks[role["framework"]]
    ranks = {str(level["code"]): i + 1 for i, level in enumerate(fw["scale"]["levels"])}
    order = [c["id"] for c in fw["competencies"]]
    required = sorted(role["required"].items(), key=lambda kv: order.index(kv[0]))
    return role, fw["id"], ranks, required


def latest_ratings(records, framework):
    """Per rater kind, the latest rating of each competency (amended records left out)."""
    records = [r for r in records if r["framework"] == framework]
    amended = {r.get("amends") for r in records}
    records = [r for r in records if r["_file"] not in amended]
    records.sort(key=lambda r: (r["date"], r["created"]))
    by_kind = {}
    for r in records:
        for rating in r.get("rating", []):
            by_kind.setdefault(r["by"], {})[rating["competency"]] = rating
    return records, by_kind


def main():
    workspace, role_id = sys.argv[1], sys.argv[2]
    role, framework, ranks, required = find_role(workspace, role_id)
    needs = {c: {"below": 0, "shortfall": 0, "unrated": 0} for c, _ in required}
    members = []
    base = os.path.join(workspace, "assessments")
    for person in sorted(os.listdir(base)):
        folder = os.path.join(base, person)
        records = []
        for name in sorted(os.listdir(folder)):
            if name.endswith(".toml") and not name.startswith("."):
                with open(os.path.join(folder, name), "rb") as f:
                    record = tomllib.load(f)
                record["_file"] = name
                records.append(record)
        current, by_kind = latest_ratings(records, framework)
        if not current:
            continue
        kind = "manager" if any(r["by"] == "manager" for r in current) else "self"
        used = by_kind.get(kind, {})
        met = applicable = shortfall = 0
        for competency, level in required:
            rating = used.get(competency)
            if rating is not None and rating.get("not-applicable"):
                continue
            applicable += 1
            if rating is None or "level" not in rating:
                needs[competency]["unrated"] += 1
                continue
            gap = ranks[rating["level"]] - ranks[str(level)]
            if gap >= 0:
                met += 1
            else:
                needs[competency]["below"] += 1
                needs[competency]["shortfall"] -= gap
                shortfall -= gap
        members.append({"person": person, "met": met, "applicable": applicable, "shortfall": shortfall})
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
