#!/usr/bin/env bash
# Throughput benchmark: submits N edits at once against the local stack with the simulator at a
# fixed latency and reports the makespan (first submit to last job finished) and the worker's peak
# memory. A benchmark, not a test: run it by hand and record the figures in docs/BENCHMARKS.md.
#
# Services that have just started run interpreted code and compile it while they work, so by default a
# warm-up round (WARMUP_EDITS edits at no simulated latency, all waited for) comes first, as it would
# in any JVM benchmark; WARMUP_EDITS=0 measures a cold stack instead.
#
#   bench/throughput.sh                 # 500 edits, 40 s simulated latency, 64 concurrent uploads
#   EDITS=200 LATENCY=10s bench/throughput.sh
#   WARMUP_EDITS=0 bench/throughput.sh  # cold: the burst hits services that have served one edit
#   PHOTO=x.png MASK=m.png FIELDS="n=2" bench/throughput.sh   # other images, extra form fields (bench/realsize.sh)
#
# Besides the makespan it reports the worker's peak RSS and peak heap (jstat, sampled every second) and how much
# PostgreSQL's database grew (image bytes live in object storage, so per edit this is rows, not images).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EDITS="${EDITS:-500}"
LATENCY="${LATENCY:-40s}"
UPLOAD_CONCURRENCY="${UPLOAD_CONCURRENCY:-64}"
WARMUP_EDITS="${WARMUP_EDITS:-1000}"
TIMEOUT_SECONDS="${TIMEOUT_SECONDS:-600}"
PHOTO="${PHOTO:-$ROOT/samples/photo.png}"
MASK="${MASK:-$ROOT/samples/mask.png}"
read -r -a FIELDS <<<"${FIELDS:-}"
# The JDK the services run on: its jstat can read their heap.
JSTAT="${JSTAT:-$(ls /usr/lib/jvm/temurin-25-jdk-amd64/bin/jstat 2>/dev/null || command -v jstat)}"
OUT="$ROOT/bench/results"
mkdir -p "$OUT"
RUN="$OUT/throughput-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"

say() { printf '==> %s\n' "$*" >&2; }

say "making sure the local stack is up (./overtime up)"
"$ROOT/overtime" up >"$RUN/up.log" 2>&1 || { cat "$RUN/up.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.overtime/stack.env"
SIMULATOR_URL="${OPENAI_BASE_URL%/v1}"
WORKER_PID="$(cat "$ROOT/.overtime/pids/worker.pid")"
# The services append to their logs across restarts of the stack: only what this run writes is searched below.
declare -A LOG_START=()
for log in "$ROOT/.overtime/logs/"*.log; do LOG_START["$log"]="$(stat -c %s "$log")"; done
logs_with_oom() {
  for log in "$ROOT/.overtime/logs/"*.log; do
    tail -c +"$(( ${LOG_START["$log"]:-0} + 1 ))" "$log" | grep -q OutOfMemoryError && echo "$log"
  done
  return 0
}
API_PID="$(cat "$ROOT/.overtime/pids/api.pid")"

trap 'curl -fsS -X POST "$SIMULATOR_URL/__simulator/reset" >/dev/null || true' EXIT

# Polls the caller's job list until EXPECTED jobs exist and all are finished; prints them as JSON.
wait_for_jobs() {
  local key="$1" expected="$2"
  python3 - "$API_URL" "$key" "$expected" "$TIMEOUT_SECONDS" <<'PY'
import json, sys, time, urllib.request
api, key, expected, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def jobs():
    out, cursor = [], None
    while True:
        url = f"{api}/v1/image-edits?limit=100" + (f"&cursor={cursor}" if cursor else "")
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
        page = json.load(urllib.request.urlopen(req))
        out += page["data"]
        cursor = page.get("nextCursor")
        if not cursor:
            return out
deadline = time.time() + timeout
while True:
    all_jobs = jobs()
    done = [j for j in all_jobs if j["status"] in ("succeeded", "failed", "canceled")]
    print(f"  {len(done)}/{len(all_jobs)} finished", file=sys.stderr, flush=True)
    if len(all_jobs) >= expected and len(done) == len(all_jobs) or time.time() > deadline:
        break
    time.sleep(2)
json.dump(all_jobs, sys.stdout)
PY
}

if (( WARMUP_EDITS > 0 )); then
  say "warm-up: $WARMUP_EDITS edits at no simulated latency (not measured)"
  curl -fsS -X PUT "$SIMULATOR_URL/__simulator/config" -H 'Content-Type: application/json' \
    -d '{"latency":"0s","faults":"none"}' >/dev/null
  WARMUP_KEY="$("$ROOT/overtime" key "bench-warmup-$(date +%s)" | tail -n 1)"
  python3 "$ROOT/bench/submit_burst.py" "$API_URL" "$WARMUP_KEY" "$PHOTO" "$MASK" \
    "$WARMUP_EDITS" "$UPLOAD_CONCURRENCY" >"$RUN/warmup-submissions.txt" 2>"$RUN/warmup-load-generator.txt" \
    || { cat "$RUN/warmup-load-generator.txt" >&2; exit 1; }
  WARMED="$(grep -c '^202 ' "$RUN/warmup-submissions.txt" || true)"
  (( WARMED == WARMUP_EDITS )) || { echo "warm-up: only $WARMED of $WARMUP_EDITS accepted" >&2; exit 1; }
  wait_for_jobs "$WARMUP_KEY" "$WARMED" >"$RUN/warmup-jobs.json"
  python3 -c 'import json, sys; jobs = json.load(open(sys.argv[1])); sys.exit(0 if all(j["status"] == "succeeded" for j in jobs) else 1)' \
    "$RUN/warmup-jobs.json" || { echo "warm-up: not every job succeeded (see $RUN/warmup-jobs.json)" >&2; exit 1; }
  # The peak-memory figure is the measured burst's: reset the kernel's high-water mark after the warm-up.
  echo 5 >"/proc/$WORKER_PID/clear_refs" 2>/dev/null || say "could not reset the worker's VmHWM; it includes the warm-up"
fi

say "simulator latency -> $LATENCY (runtime config; reset afterwards)"
curl -fsS -X PUT "$SIMULATOR_URL/__simulator/config" -H 'Content-Type: application/json' \
  -d "{\"latency\":\"$LATENCY\",\"faults\":\"none\"}" >/dev/null

KEY="$("$ROOT/overtime" key "bench-$(date +%s)" | tail -n 1)"

# Samples the worker's resident memory every 250 ms until told to stop; prints the peak in KiB.
sample_rss() {
  local pid="$1" stop="$2" peak=0 rss
  while [[ ! -f "$stop" ]]; do
    rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
    (( rss > peak )) && peak="$rss"
    sleep 0.25
  done
  echo "$peak"
}
# Samples a JVM's used heap (eden + survivors + old, from jstat) every second; prints the peak in KiB.
sample_heap() {
  local pid="$1" stop="$2" peak=0 used
  while [[ ! -f "$stop" ]]; do
    used="$("${JSTAT:-jstat}" -gc "$pid" 2>/dev/null | awk 'NR == 2 { printf "%d", $3 + $4 + $6 + $8 }' || echo 0)"
    (( ${used:-0} > peak )) && peak="$used"
    sleep 1
  done
  echo "$peak"
}
db_bytes() {
  PGPASSWORD="${PGPASSWORD:-}" psql "$JDBC_PSQL_URL" -Atc "select pg_database_size(current_database())" 2>/dev/null || echo 0
}
# Each table's size with its indexes and TOAST, so growth can be put down to the rows that cause it.
relation_bytes() {
  PGPASSWORD="${PGPASSWORD:-}" psql "$JDBC_PSQL_URL" -Atc "select relname || ' ' || pg_total_relation_size(relid)
    from pg_stat_user_tables" 2>/dev/null || true
}
# How the job table's updates went: a HOT update adds no index entries (lease renewals should all be HOT).
job_updates() {
  PGPASSWORD="${PGPASSWORD:-}" psql "$JDBC_PSQL_URL" -Atc "select n_tup_upd || ' ' || n_tup_hot_upd
    from pg_stat_user_tables where relname = 'image_edit_jobs'" 2>/dev/null || echo "0 0"
}
# stack.env's JDBC URL, as psql takes it.
JDBC_PSQL_URL="postgresql://${DB_USER:-overtime}:${DB_PASSWORD:-overtime}@${JDBC_URL#jdbc:postgresql://}"
DB_BEFORE="$(db_bytes)"
relation_bytes >"$RUN/relations-before"
job_updates >"$RUN/job-updates-before"
STOP_SAMPLING="$RUN/stop-sampling"
sample_rss "$WORKER_PID" "$STOP_SAMPLING" >"$RUN/worker-peak-rss-kib" &
SAMPLER=$!
sample_heap "$WORKER_PID" "$STOP_SAMPLING" >"$RUN/worker-peak-heap-kib" &
HEAP_SAMPLER=$!
sample_heap "$API_PID" "$STOP_SAMPLING" >"$RUN/api-peak-heap-kib" &
API_HEAP_SAMPLER=$!
WORKER_RSS_BEFORE="$(awk '/^VmRSS:/ { print $2 }' "/proc/$WORKER_PID/status")"

say "submitting $EDITS edits ($UPLOAD_CONCURRENCY uploads at a time)"
START_MS="$(date +%s%3N)"
python3 "$ROOT/bench/submit_burst.py" "$API_URL" "$KEY" "$PHOTO" "$MASK" \
  "$EDITS" "$UPLOAD_CONCURRENCY" "${FIELDS[@]}" >"$RUN/submissions.txt" 2>"$RUN/load-generator.txt" \
  || { cat "$RUN/load-generator.txt" >&2; exit 1; }
SUBMITTED_MS="$(date +%s%3N)"
ACCEPTED="$(grep -c '^202 ' "$RUN/submissions.txt" || true)"
say "accepted $ACCEPTED of $EDITS in $(( SUBMITTED_MS - START_MS )) ms ($(cat "$RUN/load-generator.txt"))"

say "waiting for every job to finish (timeout ${TIMEOUT_SECONDS}s)"
wait_for_jobs "$KEY" "$ACCEPTED" >"$RUN/jobs.json"
touch "$STOP_SAMPLING"
wait "$SAMPLER" "$HEAP_SAMPLER" "$API_HEAP_SAMPLER"
DB_AFTER="$(db_bytes)"
echo "$DB_BEFORE $DB_AFTER" >"$RUN/db-bytes"
relation_bytes >"$RUN/relations-after"
job_updates >"$RUN/job-updates-after"
logs_with_oom >"$RUN/oom-logs.txt"

python3 - "$RUN" "$START_MS" "$SUBMITTED_MS" "$EDITS" "$LATENCY" "$WORKER_RSS_BEFORE" "$WORKER_PID" "$API_PID" \
  "$WARMUP_EDITS" <<'PY'
import json, sys, datetime
run, start_ms, submitted_ms, expected, latency, rss_before, worker_pid, api_pid, warmup = sys.argv[1:10]
jobs = json.load(open(f"{run}/jobs.json"))
def ms(ts): return datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000
statuses = {}
for j in jobs: statuses[j["status"]] = statuses.get(j["status"], 0) + 1
finished = [ms(j["finishedAt"]) for j in jobs if j.get("finishedAt")]
makespan = (max(finished) - int(start_ms)) / 1000 if finished else float("nan")
subs = [float(l.split()[1]) for l in open(f"{run}/submissions.txt") if l.strip()]
subs.sort()
peak = int(open(f"{run}/worker-peak-rss-kib").read().strip() or 0)
hwm = next((int(l.split()[1]) for l in open(f"/proc/{worker_pid}/status") if l.startswith("VmHWM:")), 0)
def sizes(name):
    return {l.split()[0]: int(l.split()[1]) for l in open(f"{run}/{name}") if len(l.split()) == 2}
before, after = sizes("relations-before"), sizes("relations-after")
growth = sorted(((after[r] - before.get(r, 0), r) for r in after), reverse=True)
upd = [list(map(int, open(f"{run}/job-updates-{w}").read().split() or [0, 0])) for w in ("before", "after")]
result = {
    "edits": int(expected), "warmupEdits": int(warmup), "accepted": len(jobs), "simulatorLatency": latency, "statuses": statuses,
    "submitSeconds": (int(submitted_ms) - int(start_ms)) / 1000,
    "submitLatencyP50Ms": round(subs[len(subs) // 2] * 1000) if subs else None,
    "submitLatencyP99Ms": round(subs[int(len(subs) * 0.99) - 1] * 1000) if subs else None,
    "makespanSeconds": round(makespan, 1),
    "workerRssBeforeMiB": round(int(rss_before) / 1024), "workerPeakRssMiB": round(peak / 1024),
    "workerVmHwmMiB": round(hwm / 1024),
    "workerPeakHeapMiB": round(int(open(f"{run}/worker-peak-heap-kib").read().strip() or 0) / 1024),
    "apiPeakHeapMiB": round(int(open(f"{run}/api-peak-heap-kib").read().strip() or 0) / 1024),
    "databaseGrowthMiB": round((lambda b, a: (int(a) - int(b)) / 1048576)(*open(f"{run}/db-bytes").read().split()), 2),
    "growthBytesPerEditByTable": {r: round(g / max(len(jobs), 1)) for g, r in growth[:6] if g > 0},
    "jobRowUpdates": upd[1][0] - upd[0][0], "jobRowHotUpdates": upd[1][1] - upd[0][1],
    "logsWithOutOfMemoryError": [l.strip() for l in open(f"{run}/oom-logs.txt") if l.strip()],
}
json.dump(result, open(f"{run}/result.json", "w"), indent=2)
print(json.dumps(result, indent=2))
PY
say "results in $RUN"
