#!/usr/bin/env bash
# Checks that `cargo build` and then `cargo test` (the README's two
# commands) compile each crate once: every crate the build compiles, with
# the features it has there, must be one the tests use as it is, so
# `cargo test --no-run` after `cargo build` compiles only the crates the
# tests alone need. With resolver 2 the tests' dependencies can turn on
# features of crates the build shares (serde_json's, syn's, ...), which
# builds those crates, and all that depend on them, a second time.
# `cargo tree` resolves features without the dev-dependencies
# (`-e normal,build`) as `cargo build` does, and with them as `cargo test`
# does; a line is a crate with its features. Fails naming the crates the
# tests would build again: turn the features they need on in Cargo.toml
# (see its "Build sharing" comment), or choose a test dependency that needs
# none. Needs no build; run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
units() {
    cargo tree --locked --edges "$1" --prefix none --format '{p} [{f}]' | sed 's/ (\*)$//' | sort -u
}
build=$(units normal,build)
tests=$(units normal,build,dev)
again=$(comm -23 <(printf '%s\n' "$build") <(printf '%s\n' "$tests"))
if [ -n "$again" ]; then
    echo "cargo test would compile again, with other features, crates cargo build compiles:" >&2
    printf '%s\n' "$again" | sed 's/ \[.*//' | sort -u |
        while read -r name version _; do
            printf '  %s %s: build [%s], tests [%s]\n' "$name" "$version" \
                "$(printf '%s\n' "$build" | grep "^$name $version " | sed 's/.*\[\(.*\)\]$/\1/' | paste -sd '|')" \
                "$(printf '%s\n' "$tests" | grep "^$name $version " | sed 's/.*\[\(.*\)\]$/\1/' | paste -sd '|')" >&2
        done
    exit 1
fi
echo "build sharing: the tests reuse all $(printf '%s\n' "$build" | wc -l) crates of the build"
