#!/usr/bin/env bash
# The maintainer's loop, step by step, timed: on the synthetic loop pages of the tests
# (`tests/fixtures/import/loop/`) and a copy of the fixture spec with a second group (added
# by `cargo xtask group add`), in a scratch folder of the build folder (the repository is
# not touched). Each step is one `cargo xtask` command as a maintainer types it, xtask
# already built (built first, untimed). A benchmark, not a test: it prints the seconds of
# each step and fails only when a step fails.
#
#   tests/perf/loop_steps.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
scratch="$target/loop-steps"
rm -rf "$scratch"
mkdir -p "$scratch/spec"
cp tests/fixtures/spec/*.yaml "$scratch/spec/"
spec="${scratch#"$PWD"/}/spec"
shelve=tests/fixtures/import/loop/shelve-widget.apifox.md
count=tests/fixtures/import/loop/count-bins.openapi.json
cargo build --quiet --locked -p xtask
TIMEFORMAT='%R'
step() {
  local name="$1"
  shift
  local seconds
  seconds="$( { time "$@" >"$scratch/$name.log" 2>&1; } 2>&1 )" \
    || { echo "$name failed:" >&2; cat "$scratch/$name.log" >&2; exit 1; }
  printf '%-28s %6.2f s\n' "$name" "$seconds"
}
step "group add bins" cargo xtask group add bins --zh 货箱 --en Bins --doc-zh 货箱。 --doc-en Bins. --spec "$spec"
step "import (preview)" cargo xtask import --spec "$spec" "$shelve" "$count" --group widgets
step "import --write widgets" cargo xtask import --spec "$spec" --write --group widgets "$shelve"
step "import --write bins" cargo xtask import --spec "$spec" --write --group bins "$count"
step "docs todo" cargo xtask docs todo --spec "$spec" --out "$scratch/sheet.tsv"
# The sheet filled as a maintainer would in a spreadsheet: every empty cell gets words.
python3 - "$scratch/sheet.tsv" <<'PY'
import csv, sys
path = sys.argv[1]
rows = list(csv.reader(open(path, encoding="utf-8-sig"), delimiter="\t"))
kind, zh, en = rows[0].index("kind"), rows[0].index("zh"), rows[0].index("en")
for number, row in enumerate(rows[1:], 1):
    if row[kind] == "vendor page":
        # The synthetic pages have no site: an address of the reserved .invalid domain.
        row[en] = row[en] or f"https://fixture.invalid/docs/page-{number}"
        continue
    row[zh] = row[zh] or f"第 {number} 项的说明。"
    row[en] = row[en] or f"What item {number} is."
csv.writer(open(path, "w", encoding="utf-8", newline=""), delimiter="\t").writerows(rows)
PY
step "docs apply" cargo xtask docs apply --spec "$spec" "$scratch/sheet.tsv"
step "docs todo --check" cargo xtask docs todo --spec "$spec" --check
step "generate (openapi)" cargo xtask openapi --spec "$spec" --out "$scratch/openapi.json"
before="$(cat "$scratch"/spec/*.yaml | sha256sum)"
step "import --write again" cargo xtask import --spec "$spec" --write --group widgets "$shelve"
after="$(cat "$scratch"/spec/*.yaml | sha256sum)"
if [ "$before" = "$after" ]; then
  echo "again: no byte changed"
else
  echo "again: the spec changed" >&2
  exit 1
fi
