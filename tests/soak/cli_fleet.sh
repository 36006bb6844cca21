#!/usr/bin/env bash
# The CLI fleet of issue 27: SHELLS shells each run CALLS `jing customer create` one after
# another, all at once, against `jing-mock` with short tokens in its strict modes
# (`--token-lifetime LIFETIME --rotate-refresh-tokens --invalidate-on-refresh`): once
# sharing tokens through one `redis-server` (`--redis`), once through the file cache
# (`JING_TOKEN_CACHE`). Prints, per store: calls, failures (and the first failure's last
# line), the mock's token calls, refused token calls, and token calls per lifetime of the
# run. Not a test: a script that prints figures (tests/soak/README.md keeps them).
#
#     tests/soak/cli_fleet.sh [--shells N] [--calls N] [--lifetime SECS] [--pause SECS] [--lose]
#
# --pause waits between the runs of a shell (0 by default), so that few runs span many
# token lifetimes. --lose loses the stored tokens once half the runs are done: redis-server
# is killed and started again without persistence, the cache folder is deleted; the line
# then also counts the refused token calls that follow (each one the dead configured
# refresh token sent again).
#
# JING_BIN and JING_MOCK_BIN name the binaries (default: a debug build of jing-cli with feature
# redis and of jing-mock, built first), so the same run can be made with an older build. Everything runs
# on 127.0.0.1 on free ports in a temporary folder, removed at the end; the mock and
# redis-server are stopped with the script, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
shells=4 calls=40 lifetime=2 pause=0 lose=no
while [ $# -gt 0 ]; do
  case "$1" in
    --shells) shells=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --lifetime) lifetime=$2; shift 2 ;;
    --pause) pause=$2; shift 2 ;;
    --lose) lose=yes; shift ;;
    *) echo "usage: $0 [--shells N] [--calls N] [--lifetime SECS] [--pause SECS] [--lose]" >&2; exit 2 ;;
  esac
done
target=${CARGO_TARGET_DIR:-target}
if [ -z "${JING_BIN:-}" ] || [ -z "${JING_MOCK_BIN:-}" ]; then
  # One build per package (each names itself as a dev-dependency: see fleet.sh).
  cargo build --quiet -p jing-cli --features redis --bin jing
  cargo build --quiet -p jing-mock --features bin --bin jing-mock
fi
jing=${JING_BIN:-$target/debug/jing}
jing_mock=${JING_MOCK_BIN:-$target/debug/jing-mock}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jing-cli-fleet.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # redis-server may have been started again by a loss, in a subshell.
  [ -s "$tmp/redis.pid" ] && kill "$(cat "$tmp/redis.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts the strict mock on a free port; sets $mock_url.
start_mock() {
  local port
  port=$(free_port)
  "$jing_mock" --port "$port" --quiet --token-lifetime "$lifetime" \
    --rotate-refresh-tokens --invalidate-on-refresh >"$tmp/mock.out" 2>&1 &
  mock_pid=$!
  pids+=("$mock_pid")
  mock_url="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -sf "$mock_url/_mock/stats" >/dev/null && return 0
    sleep 0.05
  done
  echo "jing-mock did not start" >&2
  exit 1
}

stat() {
  curl -sf "$mock_url/_mock/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

# Starts redis-server on $redis_port without persistence (again after a loss).
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$tmp" >/dev/null &
  echo $! >"$tmp/redis.pid"
  # Killed on purpose by --lose: no job notice.
  disown $!
  for _ in $(seq 100); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "redis-server did not start" >&2
  exit 1
}

# Loses the stored tokens of fleet $1 once half its runs are done (--lose).
lose_when_halfway() {
  local label=$1 half=$((shells * calls / 2))
  while [ "$( { wc -c <"$tmp/progress.$label"; } 2>/dev/null || echo 0)" -lt "$half" ]; do
    sleep 0.02
  done
  curl -sf "$mock_url/_mock/stats" >"$tmp/stats-at-loss.$label"
  if [ "$label" = redis ]; then
    kill -KILL "$(cat "$tmp/redis.pid")" 2>/dev/null || true
    while redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.01; done
    start_redis
  else
    # Runs write into it meanwhile: delete until it is gone.
    while [ -e "$JING_TOKEN_CACHE" ]; do rm -rf "$JING_TOKEN_CACHE" 2>/dev/null || true; done
  fi
}

# One fleet: SHELLS shells of CALLS runs each, with the extra arguments given; one line.
fleet() {
  local label=$1
  shift
  start_mock
  local started ended
  started=$(date +%s.%N)
  local runners=() loser=
  if [ "$lose" = yes ]; then
    lose_when_halfway "$label" &
    loser=$!
  fi
  for shell in $(seq "$shells"); do
    (
      failures=0
      for _ in $(seq "$calls"); do
        if ! JING_BASE_URL=$mock_url JING_APP_ID=100000000000000000000000001 \
          JING_APP_SECRET=mock-app-secret JING_REFRESH_TOKEN=mock-refresh-token \
          "$jing" customer create --name Acme --business-type bt \
          --token-rejected-code 91003 "$@" >/dev/null 2>>"$tmp/errors.$label"; then
          failures=$((failures + 1))
        fi
        printf . >>"$tmp/progress.$label"
        sleep "$pause"
      done
      echo "$failures" >"$tmp/failures.$label.$shell"
    ) &
    runners+=($!)
  done
  wait "${runners[@]}"
  ended=$(date +%s.%N)
  if [ -n "$loser" ]; then
    wait "$loser" || true
  fi
  local failed=0
  for shell in $(seq "$shells"); do
    failed=$((failed + $(cat "$tmp/failures.$label.$shell")))
  done
  local token_calls refused
  token_calls=$(stat token_calls)
  refused=$(stat rejected_auth)
  python3 - "$label" "$started" "$ended" "$token_calls" "$refused" "$failed" <<EOF
import sys
label, started, ended, tokens, refused, failed = sys.argv[1:]
elapsed = float(ended) - float(started)
lifetimes = elapsed / $lifetime
# A run shorter than one lifetime still needs its one token.
per = int(tokens) / max(lifetimes, 1.0)
print(f"{label}: $shells shells x $calls runs = $((shells * calls)) calls in {elapsed:.1f} s "
      f"({lifetimes:.1f} lifetimes of $lifetime s), {failed} failed, {tokens} token calls "
      f"({refused} refused), {per:.2f} token calls per lifetime")
EOF
  if [ -s "$tmp/stats-at-loss.$label" ]; then
    python3 - "$tmp/stats-at-loss.$label" "$token_calls" "$refused" <<'EOF'
import json, sys
before = json.load(open(sys.argv[1]))
tokens, refused = int(sys.argv[2]), int(sys.argv[3])
print(f"  after the loss: {tokens - before['token_calls']} token calls, "
      f"{refused - before['rejected_auth']} of them refused")
EOF
  fi
  if [ -s "$tmp/errors.$label" ]; then
    echo "  first failure: $(grep -m1 '^error' "$tmp/errors.$label" || head -n1 "$tmp/errors.$label")"
  fi
  kill "$mock_pid" 2>/dev/null || true
}

redis_port=$(free_port)
start_redis
export JING_TOKEN_CACHE=off
fleet redis --redis "redis://127.0.0.1:$redis_port/"
export JING_TOKEN_CACHE=$tmp/cache
fleet file-cache
