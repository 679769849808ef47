#!/usr/bin/env bash
# Count the library's public items: the nameable items of rustdoc's JSON
# index (modules, types, functions and methods, constants; fields and enum
# variants apart), walked from the crate root through modules, re-exports
# and inherent impls. Needs a nightly toolchain (`rustup toolchain install
# nightly`): rustdoc's JSON output is unstable. Hidden items (`testing`, what
# the tests reach) are counted with --document-hidden-items, given as $1.
# Usage: bash scripts/public-items.sh [--document-hidden-items]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}/public-items
CARGO_TARGET_DIR=$target cargo +nightly rustdoc --quiet --lib -- \
    -Z unstable-options --output-format json ${1:-} 2>/dev/null
python3 - "$target/doc/competency.json" <<'PY'
import collections, json, sys

doc = json.load(open(sys.argv[1]))
index, root = doc["index"], str(doc["root"])
seen, kinds = set(), collections.Counter()


def public(i):
    return index.get(str(i), {}).get("visibility") == "public"


def visit(i):
    i = str(i)
    item = index.get(i)
    if i in seen or item is None or item.get("crate_id") != 0:
        return
    seen.add(i)
    kind, inner = next(iter(item["inner"].items()))
    if kind not in ("impl", "use") and i != root:
        kinds[kind] += 1
    if kind == "module":
        for j in inner["items"]:
            visit(j)
    elif kind == "use" and inner.get("id") is not None:
        visit(inner["id"])
    elif kind == "struct":
        shape = inner["kind"]
        fields = shape.get("plain", {}).get("fields", []) if isinstance(shape, dict) else []
        fields += [f for f in (shape.get("tuple", []) if isinstance(shape, dict) else []) if f]
        for j in fields:
            if public(j):
                visit(j)
        inherent(inner["impls"])
    elif kind == "enum":
        for j in inner["variants"]:
            visit(j)
        inherent(inner["impls"])
    elif kind == "trait":
        for j in inner["items"]:
            visit(j)


def inherent(impls):
    for j in impls:
        impl = index.get(str(j), {}).get("inner", {}).get("impl")
        if impl and impl.get("trait") is None and not impl.get("is_synthetic") and not impl.get("blanket_impl"):
            for k in impl["items"]:
                if public(k):
                    visit(k)


visit(root)
apart = ("struct_field", "variant")
items = sum(n for k, n in kinds.items() if k not in apart)
print(f"public items: {items} ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()) if k not in apart)}); "
      f"besides: {kinds['struct_field']} fields, {kinds['variant']} variants")
PY
