#!/usr/bin/env bash
# Batch benchmark: one batch of ITEMS URL inputs (default 500, the most a batch holds) naming DISTINCT images on a
# local image host, at a fixed simulated latency. Reports the time to the 202, the makespan (submit to the batch's
# completedAt), how many fetches the image host served (each distinct URL should be fetched once) and the items'
# outcomes. A benchmark, not a test: run it by hand and record the figures in docs/BENCHMARKS.md.
#
# The worker may fetch from loopback only with OVERTIME_INPUTS_ALLOW_LOOPBACK=true (local testing only), so this
# script restarts the local stack with it set (./overtime down, then up). A warm-up batch at no latency, naming
# other URLs, comes first unless WARMUP_ITEMS=0.
#
#   bench/batch.sh                                  # 500 items over 50 images, 40 s latency, the 2.7 MB photo
#   ITEMS=200 DISTINCT=20 LATENCY=10s bench/batch.sh
#   PHOTO=samples/photo.png bench/batch.sh          # small images
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ITEMS="${ITEMS:-500}"
DISTINCT="${DISTINCT:-50}"
LATENCY="${LATENCY:-40s}"
WARMUP_ITEMS="${WARMUP_ITEMS:-200}"
HOST_PORT="${HOST_PORT:-8097}"
TIMEOUT_SECONDS="${TIMEOUT_SECONDS:-900}"
PHOTO="${PHOTO:-$ROOT/.overtime/bench-images/photo-1024.png}"
OUT="$ROOT/bench/results"
RUN="$OUT/batch-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"

say() { printf '==> %s\n' "$*" >&2; }

if [[ ! -f "$PHOTO" ]]; then
  say "making a 1024x1024 photo-like PNG at $PHOTO"
  mkdir -p "$(dirname "$PHOTO")"
  python3 "$ROOT/bench/make_photo.py" "$PHOTO" 1024 1024
fi

say "restarting the local stack with OVERTIME_INPUTS_ALLOW_LOOPBACK=true (the image host is on loopback)"
"$ROOT/overtime" down >"$RUN/down.log" 2>&1 || true
OVERTIME_INPUTS_ALLOW_LOOPBACK=true "$ROOT/overtime" up >"$RUN/up.log" 2>&1 || { cat "$RUN/up.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.overtime/stack.env"
SIMULATOR_URL="${OPENAI_BASE_URL%/v1}"

python3 "$ROOT/bench/image_host.py" "$PHOTO" "$HOST_PORT" &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null || true; curl -fsS -X POST "$SIMULATOR_URL/__simulator/reset" >/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$HOST_PORT/__hits" >/dev/null 2>&1 && break; sleep 0.1; done

# Submits one batch and follows it to completedAt; prints one JSON line of figures.
run_batch() {
  local key="$1" prefix="$2" items="$3"
  python3 - "$API_URL" "$key" "http://127.0.0.1:$HOST_PORT/$prefix" "$items" "$DISTINCT" "$TIMEOUT_SECONDS" <<'PY'
import json, sys, time, urllib.request
api, key, base, items, distinct, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
def call(method, path, body=None):
    req = urllib.request.Request(api + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.load(r)
batch = {"defaults": {"prompt": "relight the scene at golden hour", "size": "auto", "quality": "low"},
         "items": [{"image_url": f"{base}/{i % distinct}.png"} for i in range(items)]}
started = time.time()
status, view = call("POST", "/v1/image-edit-batches", batch)
accepted = time.time() - started
assert status == 202, status
while True:
    _, view = call("GET", f"/v1/image-edit-batches/{view['id']}?limit=1")
    if view.get("completedAt"):
        break
    if time.time() - started > timeout:
        print(f"timed out: {view['counts']}", file=sys.stderr)
        break
    time.sleep(1)
print(json.dumps({"id": view["id"], "items": items, "accepted_s": round(accepted, 3),
                  "makespan_s": round(time.time() - started, 1), "status": view["status"], "counts": view["counts"]}))
PY
}

KEY="$("$ROOT/overtime" key "bench-batch-$(date +%s)" | tail -n 1)"
# URLs of their own each run: the worker's URL cache (1 h) outlives a restart of the stack, and a URL it still holds
# is not fetched again, which is the point of the cache but not what a first batch over new images costs.
MEASURED="measured-$(date +%s)"
if (( WARMUP_ITEMS > 0 )); then
  say "warm-up: a batch of $WARMUP_ITEMS at no simulated latency, other URLs (not measured)"
  curl -fsS -X PUT "$SIMULATOR_URL/__simulator/config" -H 'Content-Type: application/json' \
    -d '{"latency":"0s","faults":"none"}' >/dev/null
  run_batch "$KEY" "warm-$(date +%s)" "$WARMUP_ITEMS" >"$RUN/warmup.json"
fi

say "measured: a batch of $ITEMS items over $DISTINCT images of $(stat -c %s "$PHOTO") bytes, latency $LATENCY"
curl -fsS -X PUT "$SIMULATOR_URL/__simulator/config" -H 'Content-Type: application/json' \
  -d "{\"latency\":\"$LATENCY\",\"faults\":\"none\"}" >/dev/null
run_batch "$KEY" "$MEASURED" "$ITEMS" | tee "$RUN/batch.json"
curl -fsS "http://127.0.0.1:$HOST_PORT/__hits" >"$RUN/hits.json"
python3 - "$RUN/hits.json" "/$MEASURED/" <<'PY'
import json, sys
hits = {p: n for p, n in json.load(open(sys.argv[1])).items() if p.startswith(sys.argv[2])}
print(f"fetches: {sum(hits.values())} for {len(hits)} distinct URLs (most fetches of one URL: {max(hits.values(), default=0)})")
PY
say "results in $RUN"
