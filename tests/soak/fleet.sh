#!/usr/bin/env bash
# Fleet soak (issue 23): one command, one summary line (PASS/FAIL and the figures), exit
# status non-zero when a check fails. Against the strict mock (2 s tokens, rotating refresh
# tokens, invalidate on refresh, the documented limits enforced), 4 processes x 8 tasks call
# through one Redis store for SECS seconds (60 by default). Needs redis-server (Debian's
# package). Everything runs on 127.0.0.1 on free ports in a temporary folder; every loop is
# bounded; the mock, redis-server and the workers stop with the run, also on failure.
# A debug build: the calls are bounded by the documented 10/s, not by the build.
#
#     tests/soak/fleet.sh [--seconds SECS] [--deployment single|cluster|sentinel]
# (cluster and sentinel: started by the Redis tests' helpers, tests/redis-server; no restart).
set -euo pipefail
cd "$(dirname "$0")/../.."
# One build per package: jing-cli and jing-mock name themselves as dev-dependencies, so a
# `jing-cli/redis` given beside another package would turn on the dev-dependency's feature.
cargo build --quiet -p jing-cli --features redis
cargo build --quiet -p jing-soak --features soak
target=${CARGO_TARGET_DIR:-target}
# The soak stops what it started itself; should it be killed (a CI timeout, SIGKILL), the
# trap stops its process group (workers, redis-server) and removes its temporary folder.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jing-fleet-soak.XXXXXX")
set -m
TMPDIR=$tmp JING_SOAK_JING=$target/debug/jing "$target/debug/fleet_soak" "$@" &
soak=$!
trap 'kill -KILL -- "-$soak" 2>/dev/null || true; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
wait "$soak"
