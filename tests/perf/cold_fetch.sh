#!/usr/bin/env bash
# The first `cargo xtask fetch`: what it compiles before it fetches (the `jing-fetch` binary,
# feature `fetch` of jing-vendor-docs: its HTTP client and async runtime), timed twice:
#   1. after `cargo xtask regenerate` (the usual first fetch of a fresh clone: xtask's own
#      crates are built, untimed, in an empty build folder first);
#   2. from an empty build folder.
# The crates already downloaded (`cargo fetch` first, untimed; the timed runs are offline).
# Prints wall and CPU seconds (user + system of cargo and every compiler it ran), the load
# and how many library crates each run compiled. A benchmark, not a test: nothing asserted.
#
#   tests/perf/cold_fetch.sh [CHECKOUT]     # default: this checkout
#
# Before and after a change: run it on two fresh clones, one after the other.
set -euo pipefail
checkout="$(cd "${1:-$(dirname "$0")/../..}" && pwd)"
cd "$checkout"
cargo fetch --locked --quiet
TIMEFORMAT='%R %U %S'
jobs="${JOBS:-2}"
build_fetch=(build -j "$jobs" --locked --package jing-vendor-docs --features fetch --bin jing-fetch)

# One timed build of jing-fetch in the build folder $1; prints the line for it, labelled $2.
timed_fetch_build() {
  local target="$1" label="$2" before after wall user system
  before="$(find "$target" -name '*.rlib' 2>/dev/null | wc -l)"
  { time CARGO_TARGET_DIR="$target" CARGO_NET_OFFLINE=true cargo "${build_fetch[@]}" >"$target.log" 2>&1; } 2>"$target.time" \
    || { cat "$target.log" >&2; exit 1; }
  read -r wall user system <"$target.time"
  after="$(find "$target" -name '*.rlib' | wc -l)"
  awk -v label="$label" -v wall="$wall" -v user="$user" -v sys="$system" -v crates="$((after - before))" \
    'BEGIN { printf "%s: %.1f s (CPU %.1f s), %d library crates compiled\n", label, wall, user + sys, crates }'
}

echo "checkout: $checkout ($(git rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout'))"
echo "machine:  $(nproc) cores, -j $jobs; load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
after_regenerate="$(mktemp -d /tmp/jing-cold-fetch.XXXXXX)"
empty="$(mktemp -d /tmp/jing-cold-fetch.XXXXXX)"
trap 'rm -rf "$after_regenerate" "$empty" "$after_regenerate".* "$empty".*' EXIT
CARGO_TARGET_DIR="$after_regenerate" CARGO_NET_OFFLINE=true cargo build -j "$jobs" --locked --package xtask >/dev/null 2>&1
timed_fetch_build "$after_regenerate" "jing-fetch after regenerate's build"
timed_fetch_build "$empty" "jing-fetch from an empty build folder"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
