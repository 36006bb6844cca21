#!/usr/bin/env bash
# Cold `cargo xtask regenerate`: the first regenerate of a checkout with an EMPTY build
# folder (a fresh CARGO_TARGET_DIR under /tmp, removed afterwards), the crates already
# downloaded (`cargo fetch` first, untimed; the timed run is offline). Prints the seconds,
# the machine's load and what was compiled. A benchmark, not a test: nothing is asserted.
#
#   tests/perf/cold_regenerate.sh [CHECKOUT]     # default: this checkout
#
# Side by side, before and after a change: run it on two fresh clones, one after the other
# (git clone -q -b main REPO /tmp/before; git clone -q -b BRANCH REPO /tmp/after).
set -euo pipefail
checkout="$(cd "${1:-$(dirname "$0")/../..}" && pwd)"
target="$(mktemp -d /tmp/jing-cold-target.XXXXXX)"
trap 'rm -rf "$target"' EXIT
cd "$checkout"
cargo fetch --locked --quiet
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
# Wall seconds, and CPU seconds (user + system, of cargo and every compiler it ran): on a
# shared machine the CPU figure moves less with the load than the wall one.
TIMEFORMAT='%R %U %S'
log="$target/regenerate.log"
{ time CARGO_TARGET_DIR="$target" CARGO_NET_OFFLINE=true cargo xtask regenerate >"$log" 2>&1; } 2>"$target/time" \
  || { cat "$log" >&2; exit 1; }
read -r wall user system <"$target/time"
crates="$(find "$target/debug/deps" -name '*.rlib' | sed -E 's|.*/lib([^/-]+)-[^/]*$|\1|' | sort -u)"
http="$(echo "$crates" | { grep -E '^(reqwest|tokio|hyper|rustls)' || true; } | tr '\n' ' ')"
echo "checkout:  $checkout ($(git rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout'))"
echo "machine:   $(nproc) cores; load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "compiled:  $(echo "$crates" | wc -l) library crates; HTTP/async among them: ${http:-none}"
echo "regenerate: $(grep '^regenerated' "$log" | cut -c1-100)"
awk -v wall="$wall" -v user="$user" -v sys="$system" \
  'BEGIN { printf "cold cargo xtask regenerate: %.1f s (CPU %.1f s)\n", wall, user + sys }'
