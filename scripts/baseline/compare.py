#!/usr/bin/env python3
"""Compare `competency team --role ROLE --format json` with the Python peers.

    python3 scripts/baseline/compare.py RUST.json PEER.json...

The tool's report of one framework has the section's fields at the top
(several frameworks would give a `sections` list, itself a disagreement for
`--role`). Each member's counts are derived from their summary: met = meets
+ exceeds, applicable = met + below + unrated. Prints one line and exits 0
when every peer gives the same members (in order) and needs (in order);
else says where they differ and exits 1.
"""
import json
import sys


def expected(rust):
    sections = rust["sections"] if "sections" in rust else [rust]
    members = [
        {
            "person": m["person"],
            "met": m["summary"]["meets"] + m["summary"]["exceeds"],
            "applicable": m["summary"]["meets"] + m["summary"]["exceeds"] + m["summary"]["below"] + m["summary"]["unrated"],
            "shortfall": m["shortfall"],
        }
        for s in sections
        for m in s["members"]
    ]
    needs = [{k: n[k] for k in ("competency", "below", "shortfall", "unrated")} for s in sections for n in s["needs"]]
    problems = []
    if len(sections) != 1:
        problems.append(f"{len(sections)} sections, not one")
    elif sections[0]["people"] != len(members):
        problems.append(f"`people` is {sections[0]['people']} but {len(members)} members are listed")
    if rust.get("unplaced"):
        problems.append(f"{len(rust['unplaced'])} people unplaced")
    return members, needs, problems


def main():
    with open(sys.argv[1]) as f:
        members, needs, problems = expected(json.load(f))
    for path in sys.argv[2:]:
        with open(path) as f:
            peer = json.load(f)
        if peer["members"] != members:
            theirs = {m["person"]: m for m in peer["members"]}
            ours = {m["person"]: m for m in members}
            missing = sorted(ours.keys() - theirs.keys())[:5]
            extra = sorted(theirs.keys() - ours.keys())[:5]
            differ = [(ours[p], theirs[p]) for p in ours if p in theirs and ours[p] != theirs[p]][:3]
            problems.append(
                f"{path}: members differ ({len(members)} from the tool, {len(peer['members'])} from the peer); "
                f"only the tool's: {missing}; only the peer's: {extra}; different (tool, peer): {differ}"
            )
        if peer["needs"] != needs:
            problems.append(f"{path}: needs differ\n  tool: {needs}\n  peer: {peer['needs']}")
    if problems:
        print("DIFFERENT:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print(f"the tool and {len(sys.argv) - 2} Python peer(s) agree on {len(members)} people and {len(needs)} competencies")


if __name__ == "__main__":
    main()
