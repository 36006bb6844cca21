#!/usr/bin/env bash
# Fleet soak: 4 processes x 8 tasks calling through one Redis store for SECS seconds (60 by
# default) against the mock (2 s tokens, the documented 10/s enforced, retries off); prints
# one summary line and exits non-zero when a check fails. Needs redis-server (Debian's
# package). Bounded: the workers stop after SECS, the mock and redis-server with the run.
#
#     tests/soak/fleet.sh [SECS]
set -euo pipefail
cd "$(dirname "$0")/../.."
exec cargo run --quiet --release -p jing-api --features redis,mock --example fleet_soak -- "${1:-60}"
