#!/usr/bin/env bash
# Real-size benchmark (issue: real photos, bounded memory). A benchmark, not a test: run it by hand on a quiet
# machine and record the figures in docs/BENCHMARKS.md.
#
# 1. EDITS (1,000) edits of a 1024x1024 photo-like PNG (~2.9 MB) with its mask, n=2, against the local stack with the
#    simulator at LATENCY (30 s), one API and one worker at -Xmx512m and default settings: every edit must succeed
#    and no log may mention OutOfMemoryError. Reported: makespan, the worker's peak heap (and its share of the max),
#    peak RSS, the API's peak heap, PostgreSQL's growth (image bytes are in object storage).
# 2. BIG_UPLOADS (64) concurrent uploads of a BIG_MB (~45 MB) image: each must be answered (202, or 503 OVERLOADED
#    before the body is read); the API must not run out of memory. Reported: statuses and the API's peak heap.
#
#   bench/realsize.sh
#   EDITS=200 LATENCY=10s BIG_UPLOADS=16 bench/realsize.sh     # a quicker look
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDITS="${EDITS:-1000}"
LATENCY="${LATENCY:-30s}"
BIG_UPLOADS="${BIG_UPLOADS:-64}"
IMAGES="$ROOT/.overtime/bench-images"
mkdir -p "$IMAGES"
say() { printf '==> %s\n' "$*" >&2; }

if [[ ! -f "$IMAGES/photo-1024.png" ]]; then
  say "making a 1024x1024 photo-like PNG and its mask"
  python3 "$ROOT/bench/make_photo.py" "$IMAGES/photo-1024.png" 1024 1024 "$IMAGES/mask-1024.png"
fi
if [[ ! -f "$IMAGES/photo-big.png" ]]; then
  say "making a ~45 MB photo-like PNG (4000x4000)"
  python3 "$ROOT/bench/make_photo.py" "$IMAGES/photo-big.png" 4000 4000
fi
say "photo: $(stat -c %s "$IMAGES/photo-1024.png") bytes; big: $(stat -c %s "$IMAGES/photo-big.png") bytes"

# The API reserves credits per owner (the simulator's accounts service grants 1,000 by default): a burst of
# EDITS x n=2 for one owner needs more. A stack this script starts gets enough; a running one is checked.
export OVERTIME_SIMULATOR_ACCOUNTS_REMAINING_CREDITS="${OVERTIME_SIMULATOR_ACCOUNTS_REMAINING_CREDITS:-1000000}"
"$ROOT/overtime" up >/dev/null 2>&1 || { echo "./overtime up failed" >&2; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.overtime/stack.env"
CREDITS="$(curl -fsS "${OPENAI_BASE_URL%/v1}/accounts/bench/entitlements" | python3 -c 'import json,sys; print(json.load(sys.stdin)["remainingCredits"])')"
if (( CREDITS < 2 * (EDITS + ${WARMUP_EDITS:-100}) )); then
  echo "the running simulator grants $CREDITS credits per owner; restart the stack so this script starts it with enough:" >&2
  echo "  ./overtime down && bench/realsize.sh" >&2
  exit 1
fi

# The services append to their logs across restarts of the stack: part 2 searches only what this run wrote.
LOG_SIZES="$(for log in "$ROOT/.overtime/logs/"*.log; do echo "$log $(stat -c %s "$log")"; done)"

say "part 1: $EDITS edits, n=2, simulator at $LATENCY"
PHOTO="$IMAGES/photo-1024.png" MASK="$IMAGES/mask-1024.png" FIELDS="n=2" EDITS="$EDITS" LATENCY="$LATENCY" \
  WARMUP_EDITS="${WARMUP_EDITS:-100}" TIMEOUT_SECONDS="${TIMEOUT_SECONDS:-1800}" \
  "$ROOT/bench/throughput.sh" | tee "$IMAGES/part1.json"

# shellcheck disable=SC1091
source "$ROOT/.overtime/stack.env"
API_PID="$(cat "$ROOT/.overtime/pids/api.pid")"
JSTAT="${JSTAT:-$(ls /usr/lib/jvm/temurin-25-jdk-amd64/bin/jstat 2>/dev/null || command -v jstat)}"
KEY="$("$ROOT/overtime" key "bench-big-$(date +%s)" | tail -n 1)"

say "part 2: $BIG_UPLOADS concurrent uploads of the big image"
STOP="$(mktemp -u)"
( peak=0; while [[ ! -f "$STOP" ]]; do
    used="$("$JSTAT" -gc "$API_PID" 2>/dev/null | awk 'NR == 2 { printf "%d", $3 + $4 + $6 + $8 }' || echo 0)"
    (( ${used:-0} > peak )) && peak="$used"; sleep 0.5
  done; echo "$peak" >"$STOP.peak" ) &
SAMPLER=$!
# curl, as a real client: for a large body it sends "Expect: 100-continue" and waits for the API's go-ahead, so a
# refusal before the body is read (503 OVERLOADED) reaches it as an answer, not as a reset connection.
seq "$BIG_UPLOADS" | xargs -P "$BIG_UPLOADS" -I{} curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
  -H "Authorization: Bearer $KEY" -F "image=@$IMAGES/photo-big.png;type=image/png" -F "prompt=big {}" \
  "$API_URL/v1/image-edits" >"$IMAGES/big-submissions.txt" 2>"$IMAGES/big-load-generator.txt" || true
touch "$STOP"; wait "$SAMPLER"
curl -fsS "$API_MANAGEMENT_URL/q/health/live" >/dev/null && HEALTH=up || HEALTH=down
python3 - "$IMAGES/big-submissions.txt" "$(cat "$STOP.peak")" "$HEALTH" "$ROOT/.overtime/logs" "$LOG_SIZES" <<'PY'
import collections, glob, json, sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
statuses = collections.Counter(l[0] for l in lines)
start = {path: int(size) for path, size in (l.rsplit(" ", 1) for l in sys.argv[5].splitlines() if l.strip())}
def written_by_this_run(path):
    with open(path, "rb") as log:
        log.seek(start.get(path, 0))
        return log.read().decode(errors="replace")
oom = [f for f in glob.glob(sys.argv[4] + "/*.log") if "OutOfMemoryError" in written_by_this_run(f)]
print(json.dumps({"uploads": len(lines), "statuses": statuses, "apiPeakHeapMiB": round(int(sys.argv[2]) / 1024),
                  "apiHealthAfter": sys.argv[3], "logsWithOutOfMemoryError": oom}, indent=2))
PY
